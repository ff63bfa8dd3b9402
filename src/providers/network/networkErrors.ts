/**
 * Proxy and TLS failures as the user-facing `InkwellError`, mapped once here. The network fetch
 * throws them wrapped in a `NetworkFailure`; the SDKs wrap that again (as a connection error with
 * a `cause`), so `networkErrorOf` looks down the cause chain. TLS failures of the runtime's own
 * fetch (no proxy, no extra CA) are recognised by Node's error codes, never by message text.
 * Messages name the proxy by host and port only: its URL may hold credentials.
 */
import { ACTIONS, hasBrand, InkwellError } from '../../core/errors';

/**
 * Marks NetworkFailures by a registered symbol: the fetch that throws them is built by the host
 * bundle while the providers that unwrap them live in a bundle of their own (see `InkwellError`).
 */
const NETWORK_FAILURE = Symbol.for('inkwell.NetworkFailure');

/** Carries the InkwellError through the SDK, which wraps whatever `fetch` throws. */
export class NetworkFailure extends Error {
  readonly [NETWORK_FAILURE] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, NETWORK_FAILURE);
  }

  constructor(
    readonly error: InkwellError,
    options?: { cause?: unknown },
  ) {
    super(error.message, options);
    this.name = 'NetworkFailure';
  }
}

/** Where a proxy setting came from, to name in messages: `http.proxy` or the variable. */
export interface ProxyLabel {
  /** host:port, never the credentials. */
  readonly host: string;
  readonly source: string;
}

const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const NAME_MISMATCH_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

const networkActions = [ACTIONS.retry, ACTIONS.openNetworkSettings];

/** A proxy or certificate failure anywhere in `error`'s cause chain, else undefined. */
export function networkErrorOf(error: unknown, host: string): InkwellError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof NetworkFailure) return e.error;
    const tls = certificateError(e, host);
    if (tls) return tls;
  }
  return undefined;
}

/** A TLS verification failure of `host` (the API, or the proxy itself), from Node's error code. */
export function certificateError(error: unknown, host: string, whose = `of ${host}`): InkwellError | undefined {
  const code = codeOf(error);
  if (!code) return undefined;
  if (UNTRUSTED_CODES.has(code)) {
    return new InkwellError(
      'certificate',
      'Certificate not trusted',
      `The certificate ${whose} is not trusted (${code}) — add your CA to inkwell.caCertificates or set http.proxyStrictSSL false (only on a network you trust).`,
      networkActions,
    );
  }
  if (EXPIRED_CODES.has(code)) {
    return new InkwellError('certificate', 'Certificate not valid', `The certificate ${whose} has expired or is not valid yet (${code}). Check the system clock, or the server.`, networkActions);
  }
  if (NAME_MISMATCH_CODES.has(code)) {
    return new InkwellError(
      'certificate',
      'Certificate not valid',
      `The certificate ${whose} is for another host name (${code}). Check the base URL, or whether a proxy intercepts TLS for this host.`,
      networkActions,
    );
  }
  return undefined;
}

/** The TCP (or TLS) connection to the proxy failed. */
export function proxyConnectError(proxy: ProxyLabel, error: unknown): InkwellError {
  const code = codeOf(error) ?? 'error';
  const tls = certificateError(error, proxy.host, `of the proxy ${proxy.host}`);
  if (tls) return tls;
  if (code === 'ECONNREFUSED') {
    return new InkwellError('proxy', 'Proxy refused the connection', `Proxy ${proxy.host} refused the connection (ECONNREFUSED). Check ${proxy.source} and that the proxy is running.`, networkActions);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new InkwellError('proxy', 'Proxy not found', `The proxy host of ${proxy.host} was not found (${code}). Check ${proxy.source}.`, networkActions);
  }
  return new InkwellError('proxy', 'Cannot reach the proxy', `Could not connect to proxy ${proxy.host} (${code}). Check ${proxy.source} and your network.`, networkActions);
}

/** The proxy answered CONNECT (or a forwarded request) with 407. */
export function proxyAuthError(proxy: ProxyLabel, sentCredentials: boolean): InkwellError {
  const detail = sentCredentials
    ? `Proxy ${proxy.host} rejected the credentials (407). Check the user and password in ${proxy.source} (or http.proxyAuthorization).`
    : `Proxy ${proxy.host} asks for credentials (407). Put them in ${proxy.source} as http://user:password@host:port, or set http.proxyAuthorization.`;
  return new InkwellError('proxy', 'Proxy authentication required', detail, networkActions);
}

/** The proxy would not open a tunnel to `target` (e.g. 403 by policy, 502 when it cannot reach it). */
export function proxyTunnelError(proxy: ProxyLabel, target: string, status: string): InkwellError {
  return new InkwellError(
    'proxy',
    'Proxy refused the tunnel',
    `Proxy ${proxy.host} would not open a connection to ${target} (${status}). If ${target} is reachable without the proxy, add it to http.noProxy; otherwise ask your network administrators.`,
    networkActions,
  );
}

/** The proxy closed the connection, or sent something that is not HTTP, before the tunnel was open. */
export function proxyProtocolError(proxy: ProxyLabel, target: string, what: string): InkwellError {
  return new InkwellError('proxy', 'Proxy failed', `Proxy ${proxy.host} ${what} while opening a connection to ${target}. Check ${proxy.source}: it must be an HTTP proxy.`, networkActions);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
