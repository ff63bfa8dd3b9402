import * as assert from 'node:assert/strict';
import { InkwellError } from '../../src/core/errors';
import { describeRoute, networkConfig, routeFor, type NetworkSettingsInput } from '../../src/providers/network/networkConfig';
import { networkErrorOf, NetworkFailure, proxyConnectError } from '../../src/providers/network/networkErrors';
import { isLoopback, matchNoProxy, parseNoProxy, splitNoProxyList } from '../../src/providers/network/noProxy';

const bypasses = (entries: string[], host: string, port = '443') => matchNoProxy(parseNoProxy(entries), host, port)?.entry;

describe('noProxy matching', () => {
  it('a name matches itself and its subdomains, at label boundaries only', () => {
    assert.equal(bypasses(['example.com'], 'example.com'), 'example.com');
    assert.equal(bypasses(['example.com'], 'api.example.com'), 'example.com');
    assert.equal(bypasses(['example.com'], 'notexample.com'), undefined);
    assert.equal(bypasses(['example.com'], 'example.com.evil.net'), undefined);
  });

  it('.example.com and *.example.com are suffixes; case and a trailing dot do not matter', () => {
    for (const entry of ['.example.com', '*.example.com', '.Example.COM']) {
      assert.ok(bypasses([entry], 'a.b.example.com'), entry);
      assert.ok(bypasses([entry], 'API.EXAMPLE.COM.'), entry);
      assert.equal(bypasses([entry], 'example.org'), undefined, entry);
    }
  });

  it('* bypasses everything', () => {
    assert.equal(bypasses(['*'], 'anything.at.all'), '*');
    assert.equal(bypasses(['other', '*'], '10.1.2.3', '80'), '*');
  });

  it('a port narrows an entry to that port', () => {
    assert.ok(bypasses(['example.com:8443'], 'api.example.com', '8443'));
    assert.equal(bypasses(['example.com:8443'], 'api.example.com', '443'), undefined);
    assert.ok(bypasses(['[::1]:8080'], '[::1]', '8080'));
    assert.equal(bypasses(['[::1]:8080'], '::1', '80'), undefined);
  });

  it('IPs match exactly, never as name suffixes; CIDR ranges match their addresses', () => {
    assert.ok(bypasses(['10.0.0.1'], '10.0.0.1'));
    assert.equal(bypasses(['0.0.1'], '10.0.0.1'), undefined);
    assert.equal(bypasses(['10.0.0.1'], '110.0.0.1'), undefined);
    assert.ok(bypasses(['10.0.0.0/8'], '10.200.3.4'));
    assert.equal(bypasses(['10.0.0.0/8'], '11.0.0.1'), undefined);
    assert.ok(bypasses(['fd00::/8'], '[fd12::1]'));
    assert.ok(bypasses(['2001:db8::1'], '[2001:DB8::1]'));
    assert.equal(bypasses(['10.0.0.0/8'], 'ten.example.com'), undefined);
  });

  it('ignores empty and nonsense entries instead of matching everything', () => {
    assert.deepEqual(parseNoProxy(['', '  ', '.', '*.', '10.0.0.0/99']), []);
  });

  it('NO_PROXY splits on commas and whitespace', () => {
    assert.deepEqual(splitNoProxyList(' a.com, .b.org  c:8080,,d '), ['a.com', '.b.org', 'c:8080', 'd']);
    assert.deepEqual(splitNoProxyList(undefined), []);
  });

  it('loopback names and addresses are local', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) assert.ok(isLoopback(host), host);
    for (const host of ['localhost.example.com', '128.0.0.1', '10.0.0.1', 'example.com']) assert.ok(!isLoopback(host), host);
  });
});

describe('network settings over the environment', () => {
  const input = (overrides: Partial<NetworkSettingsInput> = {}): NetworkSettingsInput => ({ proxy: '', noProxy: [], strictSSL: true, extraCertificates: [], ...overrides });
  const route = (overrides: Partial<NetworkSettingsInput>, env: NodeJS.ProcessEnv, url: string) => describeRoute(routeFor(networkConfig(input(overrides), env), new URL(url)));

  it('http.proxy wins over HTTPS_PROXY, which wins over HTTP_PROXY; none means direct', () => {
    assert.equal(route({ proxy: 'http://settings:3128' }, { HTTPS_PROXY: 'http://env:1' }, 'https://api.anthropic.com'), 'via proxy settings:3128 (http.proxy)');
    assert.equal(route({}, { HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:2' }, 'https://api.anthropic.com'), 'via proxy secure:1 (HTTPS_PROXY)');
    assert.equal(route({}, { http_proxy: 'http://plain:2' }, 'http://gateway.corp'), 'via proxy plain:2 (http_proxy)');
    assert.equal(route({}, {}, 'https://api.anthropic.com'), 'direct');
  });

  it('http.noProxy, when set, replaces NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'api.anthropic.com' };
    assert.equal(route({}, env, 'https://api.anthropic.com'), 'direct (NO_PROXY “api.anthropic.com”)');
    assert.equal(route({ noProxy: ['.corp'] }, env, 'https://api.anthropic.com'), 'via proxy p:1 (HTTPS_PROXY)');
    assert.equal(route({ noProxy: ['.corp'] }, env, 'https://llm.corp'), 'direct (http.noProxy “.corp”)');
  });

  it('local servers never go through the proxy', () => {
    assert.equal(route({ proxy: 'http://p:1' }, {}, 'http://localhost:11434/v1'), 'direct (a local address)');
    assert.equal(route({ proxy: 'http://p:1' }, {}, 'http://127.0.0.1:8080'), 'direct (a local address)');
  });

  it('a proxy without scheme is taken as http://; default ports are filled in', () => {
    assert.equal(route({ proxy: 'proxy.corp:8080' }, {}, 'https://x.com'), 'via proxy proxy.corp:8080 (http.proxy)');
    assert.equal(route({ proxy: 'http://proxy.corp' }, {}, 'https://x.com'), 'via proxy proxy.corp:80 (http.proxy)');
    assert.equal(route({ proxy: 'https://proxy.corp' }, {}, 'https://x.com'), 'via proxy proxy.corp:443 (http.proxy)');
  });

  it('credentials never appear in what is shown', () => {
    const shown = route({ proxy: 'http://alice:s3cret@proxy.corp:3128' }, {}, 'https://x.com');
    assert.equal(shown, 'via proxy proxy.corp:3128 (http.proxy)');
    const config = networkConfig(input({ proxy: 'http://alice:s3cret@proxy.corp:3128' }), {});
    const error = proxyConnectError(config.proxy!, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    assert.doesNotMatch(`${error.message} ${error.detail}`, /alice|s3cret/);
  });

  it('an unusable proxy setting is a clear error that does not echo the value', () => {
    const thrown = (value: string, env: NodeJS.ProcessEnv = {}) => {
      try {
        networkConfig(input({ proxy: value }), env);
      } catch (error) {
        assert.ok(error instanceof InkwellError);
        return error;
      }
      assert.fail(`accepted ${value}`);
    };
    const socks = thrown('socks5://user:pw@proxy:1080');
    assert.equal(socks.kind, 'proxy');
    assert.match(socks.detail, /http\.proxy uses socks5, which Inkwell does not support/);
    assert.doesNotMatch(socks.detail, /pw/);
    assert.match(thrown('http://[bad').detail, /http\.proxy is not a valid proxy URL/);
    assert.deepEqual(thrown('http://[bad').actions.map((a) => a.id), ['openNetworkSettings']);
  });

  it('finds a network failure anywhere down the cause chain, and only there', () => {
    const inner = new InkwellError('proxy', 'Proxy refused the connection', 'x');
    const wrapped = new Error('Connection error.', { cause: new TypeError('fetch failed', { cause: new NetworkFailure(inner) }) });
    assert.equal(networkErrorOf(wrapped, 'h'), inner);
    const tls = new Error('Connection error.', { cause: Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }) });
    assert.equal(networkErrorOf(tls, 'api.example.com')?.title, 'Certificate not trusted');
    assert.equal(networkErrorOf(new Error('Connection error.', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }), 'h'), undefined);
  });
});
