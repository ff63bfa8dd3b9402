// The HTTPS variant of a local test server: terminates TLS with the given certificate and passes
// the bytes to a plain-HTTP server (the fake Anthropic server), closing each side with the other,
// so Stop through TLS still reaches the fake server as a closed request.

import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer } from 'node:tls';

export interface TlsFront {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startTlsFront(backendUrl: string, identity: { key: string; cert: string }): Promise<TlsFront> {
  const backend = new URL(backendUrl);
  const sockets = new Set<Socket>();
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
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
