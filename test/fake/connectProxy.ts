// A small HTTP proxy for tests, over real sockets: CONNECT tunnels (for https:// targets) and
// absolute-form requests (for http:// ones), the two things corporate proxies do. It records each
// tunnel or forwarded request, can insist on credentials (407), and can map host names to local
// ports — so a base URL like http://api.inkwell.test only works when the request really went
// through the proxy. Closing either side closes the other, as real proxies do. Node built-ins only.

import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenLocal } from './listenLocal';

export interface ProxyRecord {
  /** `CONNECT` for tunnels, else the forwarded request's method. */
  readonly method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  readonly target: string;
  /** The status the proxy answered (200 for an open tunnel). */
  status: number;
  /** The Proxy-Authorization header as received, if any. */
  readonly authorization?: string;
  /** Resolves when both sides of the tunnel (or the forwarded exchange) are closed. */
  readonly closed: Promise<void>;
  closedAt?: number;
}

export interface ConnectProxyOptions {
  /** `host:port` (or `host` for any port) → the local `host:port` to connect to instead. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** When set, requests without this `user:password` (Basic) get 407. */
  readonly credentials?: string;
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly records: ProxyRecord[];
  close(): Promise<void>;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const records: ProxyRecord[] = [];
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;

  const record = (method: string, target: string, request: IncomingMessage): { entry: ProxyRecord; close: () => void } => {
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    const entry: ProxyRecord = { method, target, status: 0, authorization: request.headers['proxy-authorization'], closed };
    records.push(entry);
    return {
      entry,
      close: () => {
        entry.closedAt ??= Date.now();
        close();
      },
    };
  };
  const destination = (host: string, port: string): { host: string; port: number } => {
    const mapped = options.hosts?.[`${host}:${port}`] ?? options.hosts?.[host];
    const [mappedHost, mappedPort] = mapped ? splitAuthority(mapped) : [host, port];
    return { host: mappedHost, port: Number(mappedPort) };
  };

  const server: Server = createServer((request, response) => {
    // Absolute-form: GET http://host/path HTTP/1.1
    const target = request.url ?? '';
    const { entry, close } = record(request.method ?? 'GET', target, request);
    if (expected && request.headers['proxy-authorization'] !== expected) {
      entry.status = 407;
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-length': '0' }).end();
      return close();
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      entry.status = 400;
      response.writeHead(400).end();
      return close();
    }
    const to = destination(url.hostname, url.port || '80');
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: to.host, port: to.port, method: request.method, path: `${url.pathname}${url.search}`, headers }, (answer) => {
      entry.status = answer.statusCode ?? 0;
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    // The client went away (Stop): the upstream request goes too.
    response.on('close', () => {
      upstream.destroy();
      close();
    });
    request.pipe(upstream);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const { entry, close } = record('CONNECT', target, request);
    client.on('error', () => client.destroy());
    if (expected && request.headers['proxy-authorization'] !== expected) {
      entry.status = 407;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return close();
    }
    const [host, port] = splitAuthority(target);
    const to = destination(host, port);
    const upstream = connect(to.port, to.host);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      close();
    };
    upstream.once('connect', () => {
      entry.status = 200;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (entry.status === 0) {
        entry.status = 502;
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      }
      closeBoth();
    });
    upstream.once('close', closeBoth);
    client.once('close', closeBoth);
  });
  const { port, close } = await listenLocal(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    records,
    close,
  };
}

function splitAuthority(authority: string): [string, string] {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(authority);
  if (bracketed) return [bracketed[1]!, bracketed[2]!];
  const index = authority.lastIndexOf(':');
  return index === -1 ? [authority, '80'] : [authority.slice(0, index), authority.slice(index + 1)];
}
