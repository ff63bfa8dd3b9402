/**
 * The `fetch` both SDKs get. Requests that need nothing special go to the runtime's own `fetch`
 * unchanged; requests through a proxy, or with TLS trust of their own (`inkwell.caCertificates`,
 * `http.proxyStrictSSL: false`), go over a socket from `connection.ts` with Node's HTTP/1.1
 * client. The body streams as it arrives (never buffered), and the signal ends everything at
 * once: connect, tunnel, TLS, headers or body — Stop closes the upstream socket.
 */
import { ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import * as tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { abortReason, openConnection, proxyAuthorizationOf, type TlsTrust } from './connection';
import { customTls, describeRoute, routeFor, type NetworkConfig, type Route } from './networkConfig';
import { NetworkFailure, proxyAuthError } from './networkErrors';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface NetworkFetchOptions {
  /** The fetch for requests that need neither proxy nor TLS settings (default: the global one). */
  readonly base?: typeof fetch;
  /** Name resolution for direct connections; given, every request uses the socket path (tests). */
  readonly lookup?: LookupFunction;
  /** Told once per host how its requests travel (never credentials). */
  readonly log?: (line: string) => void;
}

/** Statuses whose responses have no body, which `Response` refuses to be given one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Bytes the web stream holds before the socket is paused (backpressure). */
const BODY_HIGH_WATER_MARK = 64 * 1024;

export function networkFetch(config: NetworkConfig, options: NetworkFetchOptions = {}): typeof fetch {
  const base = options.base ?? globalThis.fetch;
  const custom = customTls(config);
  const logged = new Set<string>();
  let trust: TlsTrust | undefined;
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    const route = routeFor(config, url);
    // Only what differs from a plain direct request is worth a line.
    const notable = route.kind === 'proxy' || route.why !== undefined || (custom && url.protocol === 'https:');
    if (options.log && notable && !logged.has(url.host)) {
      logged.add(url.host);
      options.log(`network: ${url.host} ${describeRoute(route)}${url.protocol === 'https:' && custom ? `, ${describeTrust(config)}` : ''}`);
    }
    const plain = route.kind === 'direct' && !(custom && url.protocol === 'https:') && !options.lookup;
    if (plain) return base(input, init);
    trust ??= tlsTrust(config);
    const merged: RequestInit = request ? { method: request.method, headers: request.headers, body: request.body, signal: request.signal, ...init } : (init ?? {});
    return fetchOverSocket(url, merged, route, { tls: trust, proxyAuthorization: config.proxyAuthorization, lookup: options.lookup });
  };
}

interface SocketFetchOptions {
  readonly tls: TlsTrust;
  readonly proxyAuthorization?: string;
  readonly lookup?: LookupFunction;
}

async function fetchOverSocket(url: URL, init: RequestInit, route: Route, options: SocketFetchOptions): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  const body = await bodyBytes(init.body, headers);
  const socket = await openConnection(url, { route, tls: options.tls, proxyAuthorization: options.proxyAuthorization, lookup: options.lookup, signal });
  const absoluteForm = route.kind === 'proxy' && url.protocol === 'http:';
  const outgoing: OutgoingHttpHeaders = {};
  headers.forEach((value, name) => (outgoing[name] = value));
  outgoing.host ??= url.host;
  if (body) outgoing['content-length'] = String(body.length);
  const proxyAuthorization = absoluteForm ? proxyAuthorizationOf(route.proxy, options.proxyAuthorization) : undefined;
  if (proxyAuthorization) outgoing['proxy-authorization'] = proxyAuthorization;
  const path = absoluteForm ? withoutCredentials(url) : `${url.pathname}${url.search}`;

  return new Promise<Response>((resolve, reject) => {
    let failBody: ((reason: unknown) => void) | undefined;
    const finish = () => signal?.removeEventListener('abort', onAbort);
    const onAbort = () => {
      const reason = abortReason(signal);
      finish();
      outgoingRequest.destroy();
      socket.destroy();
      failBody?.(reason);
      reject(reason);
    };
    // `new ClientRequest`, not `http.request`: VS Code patches the latter to apply its own proxy.
    const outgoingRequest = new ClientRequest({ method, path, headers: outgoing, createConnection: () => socket as Socket });
    signal?.addEventListener('abort', onAbort, { once: true });
    outgoingRequest.on('error', (error) => {
      finish();
      socket.destroy();
      reject(error);
    });
    outgoingRequest.once('response', (incoming: IncomingMessage) => {
      const status = incoming.statusCode ?? 0;
      if (absoluteForm && status === 407) {
        finish();
        socket.destroy();
        return reject(new NetworkFailure(proxyAuthError(route.proxy, proxyAuthorization !== undefined)));
      }
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
      const hasBody = !NULL_BODY_STATUSES.has(status) && method !== 'HEAD';
      if (!hasBody) {
        finish();
        incoming.resume();
        incoming.once('end', () => socket.destroy());
        return resolve(new Response(null, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
      }
      const decoded = decode(incoming, responseHeaders);
      const { stream, fail } = webStream(decoded, () => {
        finish();
        socket.destroy();
      });
      failBody = fail;
      resolve(new Response(stream, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
    });
    // Stopped while the connection was being made: nothing is sent.
    if (signal?.aborted) return onAbort();
    outgoingRequest.end(body);
  });
}

/**
 * A Node stream as a web stream with backpressure. A socket that closes before the body ended is
 * an error ("terminated", as the runtime's fetch says), so a dropped answer never looks complete.
 */
function webStream(source: Readable, done: () => void): { stream: ReadableStream<Uint8Array>; fail: (reason: unknown) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let settled = false;
  const settle = (action: () => void) => {
    if (settled) return;
    settled = true;
    done();
    try {
      action();
    } catch {
      // Already closed or errored by the consumer.
    }
  };
  const fail = (reason: unknown) => {
    settle(() => controller.error(reason));
    source.destroy();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        source.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.once('end', () => settle(() => controller.close()));
        source.once('error', (error) => fail(error));
        source.once('close', () => fail(new TypeError('terminated')));
      },
      pull() {
        source.resume();
      },
      cancel() {
        settle(() => undefined);
        source.destroy();
      },
    },
    { highWaterMark: BODY_HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  );
  return { stream, fail };
}

/** Undoes a content-encoding the server chose anyway (the request asks for none). */
function decode(incoming: IncomingMessage, headers: Headers): Readable {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return incoming;
  headers.delete('content-encoding');
  headers.delete('content-length');
  incoming.on('error', (error) => decoder.destroy(error));
  incoming.on('aborted', () => decoder.destroy(new TypeError('terminated')));
  return incoming.pipe(decoder);
}

async function bodyBytes(body: RequestInit['body'], headers: Headers): Promise<Buffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Streams, forms, blobs: the runtime knows how to serialise them (and their content type).
  const serialized = new Response(body as BodyInit);
  const type = serialized.headers.get('content-type');
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  return Buffer.from(await serialized.arrayBuffer());
}

function withoutCredentials(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

function tlsTrust(config: NetworkConfig): TlsTrust {
  if (config.extraCertificates.length === 0) return { rejectUnauthorized: config.strictSSL };
  // `ca` replaces the runtime's trust store, so it starts from what the runtime trusts.
  return { ca: [...runtimeCertificates(), ...config.extraCertificates], rejectUnauthorized: config.strictSSL };
}

/** The built-in roots, NODE_EXTRA_CA_CERTS and (where the runtime offers them) the system's. */
function runtimeCertificates(): string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof get === 'function') {
    const system = (() => {
      try {
        return get('system');
      } catch {
        return [];
      }
    })();
    return [...get('default'), ...system];
  }
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  try {
    if (extraFile) extra = pemBlocks(readFileSync(extraFile, 'utf8'));
  } catch {
    // Node itself warns at startup about an unreadable NODE_EXTRA_CA_CERTS.
  }
  return [...tls.rootCertificates, ...extra];
}

/** The certificates of a PEM file, one string each. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function describeTrust(config: NetworkConfig): string {
  const parts = [];
  if (config.extraCertificates.length > 0) parts.push(`${config.extraCertificates.length} extra CA certificate(s)`);
  if (!config.strictSSL) parts.push('certificates not verified (http.proxyStrictSSL false)');
  return parts.join(', ');
}
