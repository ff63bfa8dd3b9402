/**
 * Starts a test server on a free local port and tracks its sockets, so `close()` ends at once
 * even while tunnels or streams are still open (the proxy and the TLS front both need that).
 */
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LocalListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenLocal(server: Server): Promise<LocalListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
