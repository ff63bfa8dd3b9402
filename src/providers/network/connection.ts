/**
 * Opens the socket one request is written to: straight to the server, or through an HTTP(S) proxy
 * — an absolute-form request for http:// targets (what every proxy accepts), a CONNECT tunnel for
 * https:// ones, then TLS to the server inside it. Built on `net` / `tls` directly, not on
 * `http.request`: inside VS Code that function is patched to apply VS Code's own proxy logic,
 * which would fight this one. Every step stops at once when the signal fires.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { certificateError, NetworkFailure, proxyAuthError, proxyConnectError, proxyProtocolError, proxyTunnelError } from './networkErrors';
import type { ProxyServer, Route } from './networkConfig';

export interface TlsTrust {
  /** Replaces the runtime's trusted CAs when set (so it includes them). */
  readonly ca?: readonly string[];
  readonly rejectUnauthorized: boolean;
}

export interface ConnectOptions {
  readonly route: Route;
  readonly tls: TlsTrust;
  /** `http.proxyAuthorization`, else built from the proxy URL's credentials. */
  readonly proxyAuthorization?: string;
  /** Name resolution for direct connections (tests give names of their own). */
  readonly lookup?: net.LookupFunction;
  readonly signal?: AbortSignal;
}

/** Largest proxy answer to CONNECT that is read before giving up. */
const MAX_CONNECT_RESPONSE = 16 * 1024;

export async function openConnection(target: URL, options: ConnectOptions): Promise<net.Socket> {
  const host = bareHost(target.hostname);
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const secure = target.protocol === 'https:';
  const { route, signal } = options;
  if (route.kind === 'direct') {
    if (!secure) return settle(net.connect({ host, port, lookup: options.lookup }), 'connect', signal);
    return tlsToServer({ host, port, lookup: options.lookup }, target, options);
  }
  const proxy = route.proxy;
  const proxySocket = await connectToProxy(proxy, options).catch((error: unknown) => {
    throw signal?.aborted ? error : new NetworkFailure(proxyConnectError(proxy, error), { cause: error });
  });
  // Plain http:// goes to the proxy as an absolute-form request on this socket.
  if (!secure) return proxySocket;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    await openTunnel(proxySocket, authority, proxy, proxyAuthorizationOf(proxy, options.proxyAuthorization), signal);
  } catch (error) {
    proxySocket.destroy();
    throw error;
  }
  return tlsToServer({ socket: proxySocket }, target, options);
}

/** The Proxy-Authorization header for this proxy, if it has credentials. */
export function proxyAuthorizationOf(proxy: ProxyServer, explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  if (!proxy.url.username && !proxy.url.password) return undefined;
  const credentials = `${decodeCredential(proxy.url.username)}:${decodeCredential(proxy.url.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/** URLs keep credentials percent-encoded; a stray `%` is taken as written. */
function decodeCredential(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function connectToProxy(proxy: ProxyServer, options: ConnectOptions): Promise<net.Socket> {
  const host = bareHost(proxy.url.hostname);
  const port = Number(proxy.url.port) || (proxy.url.protocol === 'https:' ? 443 : 80);
  if (proxy.url.protocol !== 'https:') return settle(net.connect({ host, port }), 'connect', options.signal);
  const socket = tls.connect({ host, port, servername: serverName(host), ca: options.tls.ca as string[] | undefined, rejectUnauthorized: options.tls.rejectUnauthorized });
  return settle(socket, 'secureConnect', options.signal);
}

async function tlsToServer(
  transport: { socket: net.Socket } | { host: string; port: number; lookup?: net.LookupFunction },
  target: URL,
  options: ConnectOptions,
): Promise<net.Socket> {
  const host = bareHost(target.hostname);
  const socket = tls.connect({
    ...transport,
    servername: serverName(host),
    ca: options.tls.ca as string[] | undefined,
    rejectUnauthorized: options.tls.rejectUnauthorized,
    ALPNProtocols: ['http/1.1'],
  });
  try {
    return await settle(socket, 'secureConnect', options.signal);
  } catch (error) {
    if ('socket' in transport) transport.socket.destroy();
    const tlsError = options.signal?.aborted ? undefined : certificateError(error, target.host);
    throw tlsError ? new NetworkFailure(tlsError, { cause: error }) : error;
  }
}

/** Sends CONNECT and reads the proxy's answer up to the blank line; resolves on 2xx. */
function openTunnel(socket: net.Socket, authority: string, proxy: ProxyServer, authorization: string | undefined, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const fail = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) {
        if (received.length > MAX_CONNECT_RESPONSE) fail(new NetworkFailure(proxyProtocolError(proxy, authority, 'sent an answer too long to be HTTP')));
        return;
      }
      cleanup();
      // Nothing may flow past this point until the next reader (TLS or HTTP) takes the socket.
      socket.pause();
      const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
      if (!match) return reject(new NetworkFailure(proxyProtocolError(proxy, authority, 'did not answer like an HTTP proxy')));
      const status = Number(match[1]);
      if (status === 407) return reject(new NetworkFailure(proxyAuthError(proxy, authorization !== undefined)));
      if (status < 200 || status > 299) return reject(new NetworkFailure(proxyTunnelError(proxy, authority, `${status}${match[2] ? ` ${match[2]}` : ''}`)));
      // Bytes after the answer already belong to the tunnel (servers speak first only rarely, but may).
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve();
    };
    const onClose = () => fail(new NetworkFailure(proxyProtocolError(proxy, authority, 'closed the connection')));
    const onError = (error: Error) => fail(new NetworkFailure(proxyConnectError(proxy, error), { cause: error }));
    const onAbort = () => fail(abortReason(signal));
    const cleanup = () => {
      socket.off('data', onData).off('close', onClose).off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    socket.on('data', onData).once('close', onClose).once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (authorization) headers.push(`Proxy-Authorization: ${authorization}`);
    socket.write(`${headers.join('\r\n')}\r\n\r\n`);
  });
}

/** Resolves with the socket once `event` fires; destroys it on error or abort. */
function settle<S extends net.Socket>(socket: S, event: 'connect' | 'secureConnect', signal: AbortSignal | undefined): Promise<S> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(abortReason(signal));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once(event, () => {
      signal?.removeEventListener('abort', onAbort);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
  });
}

export function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** SNI takes names only; Node warns when given an IP address. */
function serverName(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}
