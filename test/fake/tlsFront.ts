// The HTTPS variant of a local test server: terminates TLS with the given certificate and passes
// the bytes to a plain-HTTP server (the fake Anthropic server), closing each side with the other,
// so Stop through TLS still reaches the fake server as a closed request.

import { connect } from 'node:net';
import { listenLocal } from './listenLocal';
import { createServer } from 'node:tls';

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startTlsFront(backendUrl: string, identity: { key: string; cert: string }): Promise<TlsFront> {
  const backend = new URL(backendUrl);
  const server = createServer({ key: identity.key, cert: identity.cert }, (client) => {
    const upstream = connect(Number(backend.port), backend.hostname);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.pipe(upstream).pipe(client);
    client.once('close', closeBoth).on('error', closeBoth);
    upstream.once('close', closeBoth).on('error', closeBoth);
  });
  // A client that rejects the certificate aborts the handshake: expected in these tests.
  server.on('tlsClientError', () => {});
  const { port, close } = await listenLocal(server);
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close,
  };
}
