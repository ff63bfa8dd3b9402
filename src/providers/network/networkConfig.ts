/**
 * Which proxy, bypass list and TLS trust apply, from VS Code's `http.*` settings over the
 * environment (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, lower case too), as VS Code itself
 * decides for its own requests: the settings win, one proxy serves http and https targets.
 */
import { InkwellError, ACTIONS } from '../../core/errors';
import { isLoopback, matchNoProxy, parseNoProxy, splitNoProxyList, type NoProxyRule } from './noProxy';
import type { ProxyLabel } from './networkErrors';

/** What the host read from VS Code's settings (and the files `inkwell.caCertificates` names). */
export interface NetworkSettingsInput {
  /** `http.proxy`; empty: the environment decides. */
  readonly proxy: string;
  /** `http.noProxy`; empty: `NO_PROXY` decides. */
  readonly noProxy: readonly string[];
  /** `http.proxyStrictSSL`: false accepts any server certificate. */
  readonly strictSSL: boolean;
  /** `http.proxyAuthorization`: a Proxy-Authorization header value, over credentials in the URL. */
  readonly proxyAuthorization?: string;
  /** PEM certificates trusted on top of the built-in ones (and NODE_EXTRA_CA_CERTS). */
  readonly extraCertificates: readonly string[];
}

export interface ProxyServer extends ProxyLabel {
  /** Full URL, credentials included: only for the Proxy-Authorization header, never to show. */
  readonly url: URL;
}

export interface NetworkConfig {
  readonly proxy?: ProxyServer;
  readonly noProxy: readonly NoProxyRule[];
  /** `http.noProxy` or `NO_PROXY`, for messages. */
  readonly noProxySource: string;
  readonly strictSSL: boolean;
  readonly proxyAuthorization?: string;
  readonly extraCertificates: readonly string[];
}

export type Route = { readonly kind: 'direct'; readonly why?: string } | { readonly kind: 'proxy'; readonly proxy: ProxyServer };

const ENV_PROXY_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/** Throws an InkwellError (kind `proxy`) for a proxy URL that cannot be used. */
export function networkConfig(input: NetworkSettingsInput, env: NodeJS.ProcessEnv = process.env): NetworkConfig {
  const fromSettings = input.proxy.trim();
  const envName = ENV_PROXY_NAMES.find((name) => env[name]?.trim());
  const proxy = fromSettings ? parseProxy(fromSettings, 'http.proxy') : envName ? parseProxy(env[envName]!.trim(), envName) : undefined;
  const settingsNoProxy = input.noProxy.filter((entry) => entry.trim());
  const envNoProxyName = env.no_proxy !== undefined ? 'no_proxy' : 'NO_PROXY';
  return {
    proxy,
    noProxy: parseNoProxy(settingsNoProxy.length > 0 ? settingsNoProxy : splitNoProxyList(env[envNoProxyName])),
    noProxySource: settingsNoProxy.length > 0 ? 'http.noProxy' : envNoProxyName,
    strictSSL: input.strictSSL,
    proxyAuthorization: input.proxyAuthorization?.trim() || undefined,
    extraCertificates: input.extraCertificates,
  };
}

/** Whether requests to `target` go through the proxy. */
export function routeFor(config: NetworkConfig, target: URL): Route {
  if (!config.proxy) return { kind: 'direct' };
  if (isLoopback(target.hostname)) return { kind: 'direct', why: 'a local address' };
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const rule = matchNoProxy(config.noProxy, target.hostname, port);
  if (rule) return { kind: 'direct', why: `${config.noProxySource} “${rule.entry}”` };
  return { kind: 'proxy', proxy: config.proxy };
}

/** For logs and Test Connection: "via proxy 10.0.0.1:3128 (http.proxy)" or "direct (…)"; never credentials. */
export function describeRoute(route: Route): string {
  if (route.kind === 'proxy') return `via proxy ${route.proxy.host} (${route.proxy.source})`;
  return route.why ? `direct (${route.why})` : 'direct';
}

/** Whether TLS differs from the runtime's defaults, so the runtime's own fetch cannot be used. */
export function customTls(config: NetworkConfig): boolean {
  return !config.strictSSL || config.extraCertificates.length > 0;
}

function parseProxy(value: string, source: string): ProxyServer {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    // The value is not echoed: it may hold a password.
    throw invalidProxy(`${source} is not a valid proxy URL. Use http://host:port (credentials as http://user:password@host:port).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidProxy(`${source} uses ${url.protocol.slice(0, -1)}, which Inkwell does not support. Use an HTTP or HTTPS proxy (http://host:port).`);
  }
  if (!url.hostname) throw invalidProxy(`${source} names no proxy host. Use http://host:port.`);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { url, source, host: `${url.hostname}:${port}` };
}

function invalidProxy(detail: string): InkwellError {
  return new InkwellError('proxy', 'Proxy setting not valid', detail, [ACTIONS.openNetworkSettings]);
}
