/**
 * `http.noProxy` / `NO_PROXY` matching, in the dialect VS Code and curl share: `*` bypasses
 * everything; a name (`example.com`, `.example.com` or `*.example.com`) matches itself and every
 * subdomain at a label boundary; an IP matches only that address, a CIDR (`10.0.0.0/8`) its range;
 * `:port` (`[::1]:8080` for IPv6) narrows an entry to one port.
 */
import { BlockList, isIP } from 'node:net';

export interface NoProxyRule {
  /** The entry as written, for logs and messages. */
  readonly entry: string;
  readonly match: 'all' | 'domain' | 'address';
  /** `domain`: the lower-case name without leading `*.` / `.`. */
  readonly domain?: string;
  /** `address`: the IPs or subnet the entry covers. */
  readonly addresses?: BlockList;
  readonly port?: string;
}

/** `NO_PROXY` as the environment spells it: commas, or whitespace, between entries. */
export function splitNoProxyList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((entry) => entry.length > 0);
}

export function parseNoProxy(entries: readonly string[]): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') {
      rules.push({ entry, match: 'all' });
      continue;
    }
    const { host, port } = splitHostPort(entry);
    const subnet = /^(.+)\/(\d{1,3})$/.exec(host);
    const ipFamily = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');
    if (subnet && isIP(subnet[1]!)) {
      const addresses = new BlockList();
      const prefix = Number(subnet[2]);
      if (prefix > (isIP(subnet[1]!) === 6 ? 128 : 32)) continue;
      addresses.addSubnet(subnet[1]!, prefix, ipFamily(subnet[1]!));
      rules.push({ entry, match: 'address', addresses, port });
    } else if (isIP(host)) {
      const addresses = new BlockList();
      addresses.addAddress(host, ipFamily(host));
      rules.push({ entry, match: 'address', addresses, port });
    } else {
      const domain = host.replace(/^\*?\.+/, '').replace(/\.$/, '');
      if (domain) rules.push({ entry, match: 'domain', domain, port });
    }
  }
  return rules;
}

/** The first rule that sends `hostname:port` around the proxy, if any. */
export function matchNoProxy(rules: readonly NoProxyRule[], hostname: string, port: string): NoProxyRule | undefined {
  const host = normalizeHost(hostname);
  const family = isIP(host);
  return rules.find((rule) => {
    if (rule.port !== undefined && rule.port !== port) return false;
    switch (rule.match) {
      case 'all':
        return true;
      case 'address':
        return family !== 0 && rule.addresses!.check(host, family === 6 ? 'ipv6' : 'ipv4');
      case 'domain':
        return family === 0 && (host === rule.domain || host.endsWith(`.${rule.domain}`));
    }
  });
}

/** Loopback names and addresses never go through a proxy, as in VS Code itself: a proxy cannot reach this machine's local servers. */
export function isLoopback(hostname: string): boolean {
  const host = normalizeHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || /^::ffff:127\./.test(host);
}

function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function splitHostPort(entry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  // More than one colon and no brackets: a bare IPv6 address (or subnet), without a port.
  if (entry.indexOf(':') !== entry.lastIndexOf(':')) return { host: entry };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1]!, port: withPort[2] } : { host: entry };
}
