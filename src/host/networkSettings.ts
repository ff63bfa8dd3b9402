/**
 * Reads what decides how Inkwell reaches the API: VS Code's `http.proxy`, `http.noProxy`,
 * `http.proxyStrictSSL`, `http.proxyAuthorization`, and `inkwell.caCertificates` (PEM files),
 * over the proxy environment. Bad values fail here, before any request, with a clear error.
 */
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { ACTIONS, InkwellError } from '../core/errors';
import { describeRoute, networkConfig, routeFor, type NetworkConfig } from '../providers/network/networkConfig';
import { networkFetch, pemBlocks } from '../providers/network/networkFetch';
import { SETTINGS, SETTINGS_SECTION } from '../shared/contributions';

/** VS Code's own settings Inkwell follows; a change to any of them rebuilds the client. */
export const HTTP_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxyAuthorization'] as const;

/** The settings search that shows every network setting, for the "Open Network Settings" action. */
export const NETWORK_SETTINGS_QUERY = [...HTTP_SETTINGS, `${SETTINGS_SECTION}.${SETTINGS.caCertificates.key}`].map((id) => `@id:${id}`).join(' ');

export interface NetworkSettings {
  readonly config: NetworkConfig;
  /** Changes whenever the client must be rebuilt; holds secrets, so it is never logged. */
  readonly identity: string;
  createFetch(log?: (line: string) => void): typeof fetch;
}

export function readNetworkSettings(env: NodeJS.ProcessEnv = process.env): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const caFiles = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(SETTINGS.caCertificates.key, []);
  const extraCertificates = readCertificates(Array.isArray(caFiles) ? caFiles.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : []);
  const noProxy = http.get<unknown>('noProxy', []);
  const input = {
    proxy: stringSetting(http.get<unknown>('proxy')),
    noProxy: Array.isArray(noProxy) ? noProxy.filter((e): e is string => typeof e === 'string') : [],
    strictSSL: http.get<boolean>('proxyStrictSSL', true) !== false,
    proxyAuthorization: stringSetting(http.get<unknown>('proxyAuthorization')),
    extraCertificates,
  };
  const config = networkConfig(input, env);
  const envNames = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
  const identity = createHash('sha256')
    .update(JSON.stringify({ input, env: envNames.map((name) => env[name] ?? null) }))
    .digest('hex');
  return { config, identity, createFetch: (log) => networkFetch(config, { log }) };
}

/** "direct" or "via proxy host:port (source)" for requests to `baseUrl`; never credentials. */
export function describeRouteTo(baseUrl: string): string {
  try {
    return describeRoute(routeFor(readNetworkSettings().config, new URL(baseUrl)));
  } catch {
    return 'route unknown';
  }
}

export function affectsNetwork(event: vscode.ConfigurationChangeEvent): boolean {
  return HTTP_SETTINGS.some((key) => event.affectsConfiguration(key));
}

function readCertificates(files: readonly string[]): string[] {
  const certificates: string[] = [];
  for (const file of files) {
    const resolved = path.resolve(file.trim().replace(/^~(?=$|[\\/])/, homedir()));
    let text: string;
    try {
      text = readFileSync(resolved, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw caError(`inkwell.caCertificates: ${resolved} could not be read (${code}).`);
    }
    const blocks = pemBlocks(text);
    if (blocks.length === 0) throw caError(`inkwell.caCertificates: ${resolved} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
    certificates.push(...blocks);
  }
  return certificates;
}

function caError(detail: string): InkwellError {
  return new InkwellError('certificate', 'CA certificates not usable', detail, [ACTIONS.openNetworkSettings]);
}

function stringSetting(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
