/**
 * Proxy, noProxy and TLS trust with both real SDKs over real sockets: the fake API server, its
 * HTTPS variant (a test CA made with openssl), and a local HTTP proxy that records every tunnel.
 * Requests name api.inkwell.test, which resolves nowhere: only the proxy (mapping it to the fake
 * server) or this file's own name lookup can reach it, so a passing request proves its route.
 */
import * as assert from 'node:assert/strict';
import { lookup as dnsLookup } from 'node:dns';
import { createServer, type AddressInfo, type LookupFunction, type Socket } from 'node:net';
import type { ChatProvider } from '../../src/core/chatProvider';
import { InkwellError } from '../../src/core/errors';
import type { TurnEvent } from '../../src/core/turnEvents';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import { networkConfig, type NetworkConfig, type NetworkSettingsInput } from '../../src/providers/network/networkConfig';
import { networkFetch } from '../../src/providers/network/networkFetch';
import { OpenAICompatibleProvider } from '../../src/providers/openaiProvider';
import { startConnectProxy, type ConnectProxy } from '../fake/connectProxy';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { EXPECTED } from '../fake/scenarioTexts';
import { createTestCertificates, TEST_TLS_HOST, type TestCertificates } from '../fake/testCertificates';
import { startTlsFront, type TlsFront } from '../fake/tlsFront';

const MODEL = 'claude-fake-1';
/** A prompt the fake server answers at once (the demo answer is paced like a real one). */
const FAST = '[[scenario:text-with-pings]] hi';

/** api.inkwell.test → 127.0.0.1, for direct connections (the proxy has its own map). */
const testLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== TEST_TLS_HOST) return dnsLookup(hostname, options, callback);
  if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

function config(input: Partial<NetworkSettingsInput>, env: NodeJS.ProcessEnv = {}): NetworkConfig {
  return networkConfig({ proxy: '', noProxy: [], strictSSL: true, extraCertificates: [], ...input }, env);
}

function anthropic(baseUrl: string, network: NetworkConfig, options: { lookup?: boolean; idleTimeoutMs?: number; log?: string[] } = {}): AnthropicProvider {
  const fetch = networkFetch(network, { lookup: options.lookup ? testLookup : undefined, log: options.log && ((line) => options.log!.push(line)) });
  return new AnthropicProvider({ apiKey: 'test-key', baseUrl, maxRetries: 0, idleTimeoutMs: options.idleTimeoutMs, fetch });
}

function openai(baseUrl: string, network: NetworkConfig, lookup = false): OpenAICompatibleProvider {
  return new OpenAICompatibleProvider({ apiKey: 'sk-test', baseUrl, maxRetries: 0, fetch: networkFetch(network, { lookup: lookup ? testLookup : undefined }) });
}

async function ask(provider: ChatProvider, prompt: string, model = MODEL, signal = new AbortController().signal, onText?: (text: string) => void): Promise<string> {
  let text = '';
  await provider.send(
    { model, maxTokens: 256, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], stream: true },
    (event: TurnEvent) => {
      if (event.type === 'textDelta') {
        text += event.text;
        onText?.(text);
      }
    },
    signal,
  );
  return text;
}

async function failure(promise: Promise<unknown>): Promise<InkwellError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InkwellError, `an InkwellError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request succeeded');
}

describe('network: proxy, noProxy and TLS (wire)', function () {
  this.timeout(20_000);
  let server: FakeAnthropicServer;
  let certs: TestCertificates;
  let front: TlsFront;
  let proxy: ConnectProxy;
  let serverPort: string;

  before(async () => {
    server = await startFakeAnthropicServer();
    serverPort = new URL(server.url).port;
    certs = createTestCertificates();
    front = await startTlsFront(server.url, certs);
    proxy = await startConnectProxy({ hosts: { [`${TEST_TLS_HOST}:443`]: `127.0.0.1:${front.port}`, [`${TEST_TLS_HOST}:80`]: `127.0.0.1:${serverPort}` } });
  });
  after(async () => {
    await proxy.close();
    await front.close();
    await server.close();
    certs.dispose();
  });
  beforeEach(() => {
    server.reset();
    proxy.records.length = 0;
  });

  describe('through the proxy', () => {
    it('Anthropic SDK: an https API goes through a CONNECT tunnel, trusted by the extra CA', async () => {
      const log: string[] = [];
      const provider = anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: proxy.url, extraCertificates: [certs.caPem] }), { log });
      assert.equal(await ask(provider, '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
      assert.deepEqual(proxy.records.map((r) => [r.method, r.target, r.status]), [['CONNECT', `${TEST_TLS_HOST}:443`, 200]]);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(log, [`network: ${TEST_TLS_HOST} via proxy 127.0.0.1:${proxy.port} (http.proxy), 1 extra CA certificate(s)`]);
    });

    it('OpenAI SDK: an https endpoint goes through a CONNECT tunnel too', async () => {
      const provider = openai(`https://${TEST_TLS_HOST}/openai/v1`, config({ proxy: proxy.url, extraCertificates: [certs.caPem] }));
      assert.equal(await ask(provider, '[[scenario:text-with-pings]] hi', 'gpt-fake-1'), EXPECTED.textWithPings);
      assert.deepEqual(proxy.records.map((r) => [r.method, r.target]), [['CONNECT', `${TEST_TLS_HOST}:443`]]);
      assert.match(server.requests[0]!.path, /chat\/completions$/);
    });

    it('plain http goes to the proxy as absolute-form requests (both SDKs), the Models API included', async () => {
      const network = config({ proxy: proxy.url });
      assert.equal(await ask(anthropic(`http://${TEST_TLS_HOST}`, network), '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
      const models = await openai(`http://${TEST_TLS_HOST}/openai/v1`, network).listModels();
      assert.ok(models.some((m) => m.id === 'gpt-fake-1'));
      assert.deepEqual(
        proxy.records.map((r) => [r.method, r.target, r.status]),
        [
          ['POST', `http://${TEST_TLS_HOST}/v1/messages`, 200],
          ['GET', `http://${TEST_TLS_HOST}/openai/v1/models`, 200],
        ],
      );
    });

    it('HTTPS_PROXY from the environment is used when http.proxy is empty; http.proxy wins over it', async () => {
      await ask(anthropic(`https://${TEST_TLS_HOST}`, config({ extraCertificates: [certs.caPem] }, { HTTPS_PROXY: proxy.url })), FAST);
      assert.equal(proxy.records.length, 1);
      const unused = 'http://127.0.0.1:9';
      await ask(anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: proxy.url, extraCertificates: [certs.caPem] }, { HTTPS_PROXY: unused })), FAST);
      assert.equal(proxy.records.length, 2);
    });

    it('Stop closes the tunnel and the upstream request at once', async () => {
      const provider = anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: proxy.url, extraCertificates: [certs.caPem] }));
      const controller = new AbortController();
      let stoppedAt = 0;
      const answer = ask(provider, '[[scenario:slow-drip]] drip', MODEL, controller.signal, (text) => {
        if (!stoppedAt && text.includes('drip 3.')) {
          stoppedAt = Date.now();
          controller.abort();
        }
      });
      const error = await failure(answer);
      assert.equal(error.kind, 'aborted');
      const request = server.requests[0]!;
      assert.equal(await request.ended, 'client-closed');
      assert.ok(request.endedAt! - stoppedAt < 500, `upstream closed ${request.endedAt! - stoppedAt} ms after Stop`);
      await proxy.records[0]!.closed;
      assert.ok(proxy.records[0]!.closedAt! - stoppedAt < 500, 'the tunnel closed');
    });

    it('the idle watchdog still ends a stalled stream through the proxy', async () => {
      const provider = anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: proxy.url, extraCertificates: [certs.caPem] }), { idleTimeoutMs: 400 });
      const started = Date.now();
      const error = await failure(ask(provider, '[[scenario:stall-mid-stream]] go'));
      assert.equal(error.title, 'Stream stalled');
      assert.ok(Date.now() - started < 5000);
      assert.equal(await server.requests[0]!.ended, 'client-closed');
    });
  });

  describe('around the proxy', () => {
    it('http.noProxy: a matching host goes direct, the proxy sees nothing (both SDKs)', async () => {
      const network = config({ proxy: proxy.url, noProxy: ['.inkwell.test'], extraCertificates: [certs.caPem] });
      const log: string[] = [];
      await ask(anthropic(`https://${TEST_TLS_HOST}:${front.port}`, network, { lookup: true, log }), FAST);
      await ask(openai(`https://${TEST_TLS_HOST}:${front.port}/openai/v1`, network, true), FAST, 'gpt-fake-1');
      assert.equal(server.requests.length, 2);
      assert.equal(proxy.records.length, 0, 'the proxy saw nothing');
      assert.deepEqual(log, [`network: ${TEST_TLS_HOST}:${front.port} direct (http.noProxy “.inkwell.test”), 1 extra CA certificate(s)`]);
    });

    it('NO_PROXY from the environment bypasses too, with a port', async () => {
      const network = config({ proxy: proxy.url, extraCertificates: [certs.caPem] }, { NO_PROXY: `other.example, ${TEST_TLS_HOST}:${front.port}` });
      await ask(anthropic(`https://${TEST_TLS_HOST}:${front.port}`, network, { lookup: true }), FAST);
      assert.equal(proxy.records.length, 0, 'the proxy saw nothing');
      // Another port of the same host is not covered by the entry: it goes through the proxy.
      await ask(anthropic(`https://${TEST_TLS_HOST}`, network, { lookup: true }), FAST);
      assert.deepEqual(proxy.records.map((r) => r.target), [`${TEST_TLS_HOST}:443`]);
    });

    it('a non-matching noProxy entry leaves the request on the proxy', async () => {
      await ask(anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: proxy.url, noProxy: ['example.com', '10.0.0.0/8'], extraCertificates: [certs.caPem] }), { lookup: true }), FAST);
      assert.equal(proxy.records.length, 1);
    });
  });

  describe('TLS trust', () => {
    it('an untrusted certificate (runtime fetch, no settings) gives the clear error', async () => {
      const error = await failure(ask(anthropic(front.url, config({})), FAST));
      assert.equal(error.kind, 'certificate');
      assert.equal(error.title, 'Certificate not trusted');
      assert.match(error.detail, /certificate of 127\.0\.0\.1:\d+ is not trusted \(\w+\) — add your CA to inkwell\.caCertificates or set http\.proxyStrictSSL false/);
      assert.deepEqual(error.actions.map((a) => a.id), ['retry', 'openNetworkSettings']);
      assert.equal(server.requests.length, 0);
    });

    it('an untrusted certificate behind the proxy gives the same error (both SDKs)', async () => {
      const network = config({ proxy: proxy.url });
      for (const provider of [anthropic(`https://${TEST_TLS_HOST}`, network), openai(`https://${TEST_TLS_HOST}/openai/v1`, network)]) {
        const error = await failure(ask(provider, FAST, 'gpt-fake-1'));
        assert.equal(error.title, 'Certificate not trusted');
        assert.match(error.detail, new RegExp(`certificate of ${TEST_TLS_HOST} is not trusted`));
      }
    });

    it('the extra CA makes the same server work, direct', async () => {
      assert.equal(await ask(anthropic(front.url, config({ extraCertificates: [certs.caPem] })), '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
    });

    it('http.proxyStrictSSL false accepts it without the CA', async () => {
      assert.equal(await ask(anthropic(front.url, config({ strictSSL: false })), '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
      assert.equal(await ask(openai(`${front.url}/openai/v1`, config({ strictSSL: false })), '[[scenario:text-with-pings]] hi', 'gpt-fake-1'), EXPECTED.textWithPings);
    });
  });

  describe('proxy failures', () => {
    it('a proxy that refuses connections is named, by host and port only', async () => {
      const closed = await startConnectProxy();
      await closed.close();
      const error = await failure(ask(anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: `http://user:s3cret@127.0.0.1:${closed.port}` })), FAST));
      assert.equal(error.kind, 'proxy');
      assert.equal(error.title, 'Proxy refused the connection');
      assert.equal(error.detail, `Proxy 127.0.0.1:${closed.port} refused the connection (ECONNREFUSED). Check http.proxy and that the proxy is running.`);
      assert.deepEqual(error.actions.map((a) => a.id), ['retry', 'openNetworkSettings']);
    });

    it('407: missing credentials, wrong ones, then the right ones from the proxy URL — never shown', async () => {
      const guarded = await startConnectProxy({ credentials: 'alice:pa ss', hosts: { [`${TEST_TLS_HOST}:443`]: `127.0.0.1:${front.port}`, [`${TEST_TLS_HOST}:80`]: `127.0.0.1:${serverPort}` } });
      try {
        const at = (proxyUrl: string, base = `https://${TEST_TLS_HOST}`) => anthropic(base, config({ proxy: proxyUrl, extraCertificates: [certs.caPem] }));
        const missing = await failure(ask(at(guarded.url), FAST));
        assert.equal(missing.title, 'Proxy authentication required');
        assert.match(missing.detail, /asks for credentials \(407\)/);
        const wrong = await failure(ask(at(`http://alice:wrong-secret@127.0.0.1:${guarded.port}`), FAST));
        assert.match(wrong.detail, /rejected the credentials \(407\)/);
        assert.doesNotMatch(JSON.stringify([wrong.detail, wrong.message]), /wrong-secret|alice/);
        const absolute = await failure(ask(at(`http://alice:wrong-secret@127.0.0.1:${guarded.port}`, `http://${TEST_TLS_HOST}`), FAST));
        assert.match(absolute.detail, /rejected the credentials \(407\)/);
        assert.equal(await ask(at(`http://alice:pa%20ss@127.0.0.1:${guarded.port}`), '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
        assert.equal(await ask(at(`http://alice:pa%20ss@127.0.0.1:${guarded.port}`, `http://${TEST_TLS_HOST}`), '[[scenario:text-with-pings]] hi'), EXPECTED.textWithPings);
        assert.deepEqual(guarded.records.map((r) => r.status), [407, 407, 407, 200, 200]);
      } finally {
        await guarded.close();
      }
    });

    it('Stop while the proxy has not answered CONNECT yet closes the connection to it', async () => {
      const sockets: Socket[] = [];
      // It reads (so it notices the client leaving) but never answers.
      const silent = createServer((socket) => sockets.push(socket.resume()));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const port = (silent.address() as AddressInfo).port;
        const controller = new AbortController();
        const answer = ask(anthropic(`https://${TEST_TLS_HOST}`, config({ proxy: `http://127.0.0.1:${port}` })), FAST, MODEL, controller.signal);
        while (sockets.length === 0) await new Promise((r) => setTimeout(r, 10));
        // Bounded, so a socket left open fails the test instead of hanging the run.
        const closed = new Promise<number>((resolve) => {
          sockets[0]!.once('close', () => resolve(Date.now()));
          setTimeout(() => resolve(Infinity), 3000).unref();
        });
        const stoppedAt = Date.now();
        controller.abort();
        assert.equal((await failure(answer)).kind, 'aborted');
        assert.ok((await closed) - stoppedAt < 500, 'the socket to the proxy closed at once');
      } finally {
        silent.close();
        for (const socket of sockets) socket.destroy();
      }
    });

    it('a proxy that cannot reach the target says so (502)', async () => {
      const error = await failure(ask(anthropic('https://unmapped.inkwell.test', config({ proxy: proxy.url })), FAST));
      assert.equal(error.title, 'Proxy refused the tunnel');
      assert.match(error.detail, /would not open a connection to unmapped\.inkwell\.test:443 \(502 Bad Gateway\)/);
    });
  });
});
