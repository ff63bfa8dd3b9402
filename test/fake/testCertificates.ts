// A throwaway certificate authority and a server certificate it signed, made with the `openssl`
// command at test time (nothing secret is committed). The server certificate is valid for
// api.inkwell.test, localhost and 127.0.0.1.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_TLS_HOST = 'api.inkwell.test';

export interface TestCertificates {
  /** PEM of the CA, and a file holding it (for inkwell.caCertificates). */
  readonly caPem: string;
  readonly caFile: string;
  /** The server's key and certificate, PEM. */
  readonly key: string;
  readonly cert: string;
  /** Removes the files. */
  dispose(): void;
}

export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'inkwell-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ENOENT';
      throw new Error(missing ? 'the TLS tests need the openssl command (apt-get install openssl)' : `openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Inkwell Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${TEST_TLS_HOST}`);
  writeFileSync(file('server.ext'), `subjectAltName=DNS:${TEST_TLS_HOST},DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  return {
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
