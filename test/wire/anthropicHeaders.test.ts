/**
 * Anthropic-format proxies: `inkwell.anthropic.headers`, parsed as the settings reader does, goes
 * on every request of the real Anthropic SDK, streamed or whole, beside the key.
 */
import * as assert from 'node:assert/strict';
import { parseExtraHeaders } from '../../src/core/extraHeaders';
import { InkwellError } from '../../src/core/errors';
import { AnthropicProvider } from '../../src/providers/anthropicProvider';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { FAKE_TEST_MODEL } from '../fake/models';

describe('extra headers for an Anthropic-format proxy (wire)', function () {
  let server: FakeAnthropicServer;
  before(async () => (server = await startFakeAnthropicServer()));
  after(() => server.close());
  beforeEach(() => server.reset());

  const SETTING = { 'x-gateway-team': 'editor-tools', 'X-Trace-Route': 'eu-west/inkwell' };
  const provider = (apiKey = 'test-key') => new AnthropicProvider({ apiKey, baseUrl: server.url, maxRetries: 0, defaultHeaders: { ...parseExtraHeaders(SETTING).headers } });
  const request = (stream: boolean) => ({
    model: FAKE_TEST_MODEL,
    maxTokens: 256,
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }],
    stream,
  });

  for (const stream of [true, false]) {
    it(`the fake server sees them on a ${stream ? 'streamed' : 'whole'} request, with the key`, async () => {
      server.enqueue('text-with-pings');
      await provider().send(request(stream), () => {}, new AbortController().signal);
      const headers = server.requests[0]!.headers;
      assert.equal(headers['x-gateway-team'], 'editor-tools');
      assert.equal(headers['x-trace-route'], 'eu-west/inkwell');
      assert.ok(headers['x-api-key'] === 'test-key' || headers.authorization === 'Bearer test-key');
    });
  }

  it('an error names neither the header values nor the key', async () => {
    server.enqueue('text-with-pings');
    const error = await provider('bad-key-123').send(request(true), () => {}, new AbortController().signal).catch((e: unknown) => e);
    assert.ok(error instanceof InkwellError);
    const text = JSON.stringify(error.toView()) + error.message;
    for (const secret of ['editor-tools', 'eu-west/inkwell', 'bad-key-123']) assert.ok(!text.includes(secret), secret);
  });
});
