// Self-tests of the fake Anthropic server: each scenario goes over real HTTP through the official SDK,
// asserting what the SDK really does with that wire, so drift from the real format fails here first.

import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { FakeServerClient } from '../fake/fakeServerClient';
import { FAKE_MODELS, FAKE_TEST_MODEL as MODEL } from '../fake/models';
import { createRecordingFetch } from '../fake/recordingFetch';
import { EXPECTED, LONG_MARKDOWN_DEFAULT_BYTES } from '../fake/scenarioTexts';

type MessageParam = Anthropic.MessageParam;
let server: FakeAnthropicServer;

function client(maxRetries = 0, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ baseURL: server.url, apiKey: 'test-key', maxRetries, ...options });
}

function ask(text: string): { model: string; max_tokens: number; messages: MessageParam[] } {
  return { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: text }] };
}

/** Streams through MessageStream, collecting the text deltas, the raw wire and how the stream ended. */
async function streamScenario(scenario: string, question = 'question') {
  const recording = createRecordingFetch();
  const stream = client(0, { fetch: recording.fetch }).messages.stream(ask(`[[scenario:${scenario}]] ${question}`));
  let text = '';
  const emitted: string[] = [];
  stream.on('text', (delta) => (text += delta));
  stream.on('error', () => emitted.push('error'));
  stream.on('end', () => emitted.push('end'));
  type Failure = Error & { status?: number; type?: string };
  const outcome = await stream.finalMessage().then(
    (message) => ({ message, error: undefined }),
    (error: unknown) => ({ message: undefined, error: error as Failure }),
  );
  return { ...outcome, text, emitted, chunks: recording.chunks, wire: recording.text };
}

/** The error `promise` rejects with; fails the test if it resolves. */
function rejection(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  return promise.then(
    () => assert.fail('expected the request to fail'),
    (error: unknown) => error as Error & Record<string, any>,
  );
}

before(async () => (server = await startFakeAnthropicServer()));
afterEach(() => server.reset());
after(() => server.close());

describe('fake Anthropic server: streaming scenarios through MessageStream', () => {
  it('text-with-pings: exact text, a ping after every delta, Bearer auth recorded', async () => {
    const { message, text, wire } = await streamScenario('text-with-pings');
    assert.equal(text, EXPECTED.textWithPings);
    assert.deepEqual(message?.content, [{ type: 'text', text: EXPECTED.textWithPings }]);
    const usage = message?.usage;
    assert.deepEqual([usage?.cache_read_input_tokens, usage?.output_tokens], [512, Math.ceil(EXPECTED.textWithPings.length / 4)]);
    const [recorded] = await server.waitForRequests(1);
    assert.deepEqual([recorded?.headers.authorization, recorded?.scenario], ['Bearer test-key', 'text-with-pings']);
    assert.equal(await recorded?.ended, 'completed');
    assert.ok(recorded?.firstByteAt !== undefined && recorded.firstByteAt >= recorded.receivedAt);
    const deltas = wire().match(/^event: content_block_delta$/gm)?.length ?? 0;
    assert.ok(deltas > 5);
    // One ping right after the block opens, as the API sends, then one per delta.
    assert.equal(wire().match(/^event: ping$/gm)?.length, deltas + 1);
  });

  it('split-utf8: 1–3 byte chunks split lines and characters, yet the text is exact', async () => {
    const { text, chunks } = await streamScenario('split-utf8');
    assert.equal(text, EXPECTED.splitUtf8);
    const all = Buffer.concat(chunks);
    assert.ok(chunks.length > 200, `only ${chunks.length} network chunks`);
    assert.ok(chunks.every((c) => c.length <= 3), 'a chunk was larger than 3 bytes');
    const isContinuationByte = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;
    assert.ok(chunks.some((c) => isContinuationByte(c[0])), 'no chunk boundary fell inside a UTF-8 character');
    let offset = 0;
    const boundaries = new Set(chunks.map((c) => (offset += c.length)));
    const fieldNames = [...all.toString('latin1').matchAll(/^(event|data):/gm)].map((m) => m.index);
    assert.ok(
      fieldNames.some((start) => [1, 2, 3, 4].some((inside) => boundaries.has(start + inside))),
      'no chunk boundary fell inside an event:/data: field name',
    );
  });

  it('crlf: CRLF line endings and trailing spaces after the data JSON', async () => {
    const { text, wire } = await streamScenario('crlf');
    assert.equal(text, EXPECTED.crlf);
    assert.equal(wire().replace(/\r\n/g, '').includes('\n'), false, 'found a bare LF');
    assert.match(wire(), /^data: \{"type":"message_stop"\} {3}\r\n\r\n$/m);
  });

  it('thinking: thinking block with its signature, then the text block', async () => {
    const thinkingDeltas: string[] = [];
    const stream = client().messages.stream(ask('[[scenario:thinking]] 6×7?'));
    stream.on('thinking', (delta) => thinkingDeltas.push(delta));
    const message = await stream.finalMessage();
    assert.deepEqual(message.content, [
      { type: 'thinking', thinking: EXPECTED.thinking.thinking, signature: EXPECTED.thinking.signature },
      { type: 'text', text: EXPECTED.thinking.text },
    ]);
    assert.ok(thinkingDeltas.length > 3);
    assert.equal(message.usage.cache_read_input_tokens, 1800);
  });

  it('redacted-thinking: the block arrives whole in content_block_start', async () => {
    const { message } = await streamScenario('redacted-thinking');
    assert.deepEqual(message?.content, [
      { type: 'redacted_thinking', data: EXPECTED.redactedThinking.data },
      { type: 'text', text: EXPECTED.redactedThinking.text },
    ]);
  });

  it('unknown-events: MessageStream ignores them; the raw iterator yields them', async () => {
    const { message, text } = await streamScenario('unknown-events');
    assert.equal(text, EXPECTED.unknownEvents);
    assert.deepEqual(message?.content, [{ type: 'text', text: EXPECTED.unknownEvents }]);
    const raw = await client().messages.create({ ...ask('[[scenario:unknown-events]]'), stream: true });
    const seen: { type: string; delta?: { type: string } }[] = [];
    for await (const event of raw) seen.push(event as { type: string; delta?: { type: string } });
    assert.ok(seen.some((e) => e.type === 'message_progress'));
    assert.ok(seen.some((e) => e.delta?.type === 'emphasis_delta'));
  });

  it('error-mid-stream: APIError with status undefined and type overloaded_error, after the partial text', async () => {
    const { error, text, emitted } = await streamScenario('error-mid-stream');
    assert.equal(text, EXPECTED.errorMidStream);
    assert.equal(error?.constructor, Anthropic.APIError);
    assert.deepEqual([error?.status, error?.type], [undefined, 'overloaded_error']);
    // The SDK uses the whole error event body as the message.
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_fake_1' };
    assert.equal(error?.message, JSON.stringify(body));
    assert.deepEqual(emitted, ['error', 'end']);
    assert.equal(await server.requests[0]?.ended, 'completed');
  });

  it('drop-mid-stream: AnthropicError "terminated" (cause: undici "other side closed")', async () => {
    const { error, text } = await streamScenario('drop-mid-stream');
    assert.equal(text, EXPECTED.dropMidStream);
    assert.equal(error?.constructor, Anthropic.AnthropicError);
    assert.equal(error?.message, 'terminated');
    const cause = error?.cause as (Error & { cause?: { code?: string; message?: string } }) | undefined;
    assert.equal(cause?.name, 'TypeError');
    assert.equal(cause?.cause?.code, 'UND_ERR_SOCKET');
    assert.equal(cause?.cause?.message, 'other side closed');
    assert.equal(await server.requests[0]?.ended, 'server-dropped');
  });

  it('eof-without-stop: no error event, but finalMessage rejects', async () => {
    const { error, text, emitted } = await streamScenario('eof-without-stop');
    assert.equal(text, EXPECTED.eofWithoutStop);
    assert.deepEqual(emitted, ['end']);
    assert.equal(error?.constructor, Anthropic.AnthropicError);
    assert.equal(error?.message, 'stream ended without producing a Message with role=assistant');
  });

  it('tool-edit: tool_use input streamed in fragments, first one empty, stop_reason tool_use', async () => {
    const fragments: string[] = [];
    const stream = client().messages.stream(ask('[[scenario:tool-edit]] fix it'));
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') fragments.push(event.delta.partial_json);
    });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(message.content[0], { type: 'text', text: EXPECTED.toolEdit.text });
    const tool = message.content[1];
    assert.ok(tool?.type === 'tool_use');
    assert.deepEqual([tool.name, tool.input], [EXPECTED.toolEdit.name, EXPECTED.toolEdit.input]);
    assert.match(tool.id, EXPECTED.toolUseIdPattern);
    assert.ok(fragments[0] === '' && fragments.length > 10, `fragments: ${JSON.stringify(fragments)}`);
    assert.deepEqual(JSON.parse(fragments.join('')), EXPECTED.toolEdit.input);
  });

  it('two-tools: two tool_use blocks with distinct ids in one message', async () => {
    const { message } = await streamScenario('two-tools');
    const tools = message?.content.filter((b) => b.type === 'tool_use') ?? [];
    assert.deepEqual(tools.map((t) => t.type === 'tool_use' && t.input), EXPECTED.twoTools.inputs);
    assert.equal(new Set(tools.map((t) => t.type === 'tool_use' && t.id)).size, 2);
    assert.equal(message?.stop_reason, 'tool_use');
  });

  it('long-markdown: default ~200 KB and a size set by the marker, text exact', async () => {
    const { text } = await streamScenario('long-markdown');
    assert.equal(text, EXPECTED.longMarkdown());
    assert.ok(Buffer.byteLength(text) >= LONG_MARKDOWN_DEFAULT_BYTES && Buffer.byteLength(text) < LONG_MARKDOWN_DEFAULT_BYTES + 4096);
    assert.match(text, /```rust\n[\s\S]*\| --- \| ---: \|/);
    const small = await streamScenario('long-markdown:4096');
    assert.equal(small.text, EXPECTED.longMarkdown(4096));
    assert.equal(server.requests[1]?.scenarioParam, '4096');
  });

  it('demo: the default without a marker, quoting the question, streamed at reading pace', async () => {
    const question = 'How do I reverse a linked list in TypeScript without recursion, and what is its complexity?';
    const stream = client().messages.stream(ask(question));
    const times: number[] = [];
    stream.on('text', () => times.push(Date.now()));
    const text = await stream.finalText();
    assert.equal(text, EXPECTED.demo(question));
    assert.ok(text.includes(`> ${question.slice(0, 80).trimEnd()}…\n`));
    assert.match(text, /demo mode[\s\S]*\*\*Inkwell: Set Anthropic API Key\*\*[\s\S]*\n```ts\n[\s\S]*\n```$/);
    assert.equal(server.requests[0]?.scenario, 'demo');
    const perDelta = (times.at(-1)! - times[0]!) / (times.length - 1);
    assert.ok(perDelta >= 14 && perDelta <= 80, `average ${perDelta} ms between deltas`);
  });

  it('slow-drip: stream.abort() closes the upstream request within 500 ms', async () => {
    const stream = client().messages.stream(ask('[[scenario:slow-drip]] go'));
    let deltas = 0;
    await new Promise<void>((resolve) => stream.on('text', () => ++deltas === 3 && resolve()));
    const abortedAt = Date.now();
    stream.abort();
    const error = await rejection(stream.finalMessage());
    assert.equal(error.constructor, Anthropic.APIUserAbortError);
    const recorded = server.requests[0]!;
    assert.equal(await recorded.ended, 'client-closed');
    assert.ok(recorded.endedAt! - abortedAt < 500, `closed after ${recorded.endedAt! - abortedAt} ms`);
  });
});

describe('fake Anthropic server: HTTP errors, retries and whole messages', () => {
  it('unauthorized scenario and bad keys → AuthenticationError; x-api-key is accepted too', async () => {
    const error = await rejection(client().messages.create(ask('[[scenario:unauthorized]]')));
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.deepEqual([error.status, error.type, error.requestID], [401, 'authentication_error', 'req_fake_1']);
    const bad = await rejection(client(0, { apiKey: 'bad-key' }).messages.create(ask('hi')));
    assert.ok(bad instanceof Anthropic.AuthenticationError && bad.apiMessage === 'invalid x-api-key');

    const headers = { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
    const body = JSON.stringify(ask('[[scenario:text-with-pings]]'));
    const missing = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers, body });
    assert.deepEqual([missing.status, missing.headers.get('request-id')], [401, 'req_fake_3']);
    const error401 = { type: 'authentication_error', message: 'x-api-key header is required' };
    assert.deepEqual(await missing.json(), { type: 'error', error: error401, request_id: 'req_fake_3' });
    const legacy = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { ...headers, 'x-api-key': 'k' }, body });
    assert.equal(((await legacy.json()) as { content: { text: string }[] }).content[0]?.text, EXPECTED.textWithPings);
  });

  it('not-found scenario and unknown models → NotFoundError naming the model', async () => {
    const scenario = await rejection(client().messages.create(ask('[[scenario:not-found]]')));
    assert.deepEqual([scenario.constructor, scenario.apiMessage], [Anthropic.NotFoundError, `model: ${MODEL}`]);
    const unknown = await rejection(client().messages.create({ ...ask('hi'), model: 'claude-nope-9' }));
    assert.deepEqual([unknown.constructor, unknown.apiMessage], [Anthropic.NotFoundError, 'model: claude-nope-9']);
  });

  it('rate-limited → RateLimitError with retry-after and rate-limit headers, no retry at maxRetries 0', async () => {
    const error = await rejection(client().messages.create(ask('[[scenario:rate-limited]]')));
    assert.ok(error instanceof Anthropic.RateLimitError);
    const { headers } = error;
    assert.deepEqual([error.status, headers.get('retry-after'), headers.get('anthropic-ratelimit-requests-remaining')], [429, '1', '0']);
    assert.equal(server.requests.length, 1);
  });

  it('rate-limited-once: the SDK retry (maxRetries 1) gets the answer', async () => {
    const message = await client(1).messages.stream(ask('[[scenario:rate-limited-once]]')).finalMessage();
    assert.deepEqual(message.content, [{ type: 'text', text: EXPECTED.rateLimitedOnce }]);
    assert.deepEqual(server.requests.map((r) => r.scenario), ['rate-limited-once', 'rate-limited-once']);
    assert.equal(server.requests[1]?.headers['x-stainless-retry-count'], '1');
  });

  it('overloaded → OverloadedError (an InternalServerError) with status 529; server-error → 500', async () => {
    const overloaded = await rejection(client().messages.create(ask('[[scenario:overloaded]]')));
    assert.equal(overloaded.constructor, Anthropic.OverloadedError);
    assert.ok(overloaded instanceof Anthropic.InternalServerError);
    assert.deepEqual([overloaded.status, overloaded.headers.get('x-should-retry')], [529, 'true']);
    const internal = await rejection(client().messages.create(ask('[[scenario:server-error]]')));
    assert.equal(internal.constructor, Anthropic.InternalServerError);
    assert.deepEqual([internal.status, internal.type], [500, 'api_error']);
  });

  it('non-streaming create returns the same content as one Message', async () => {
    const message = await client().messages.create(ask('[[scenario:tool-edit]]'));
    assert.deepEqual([message.type, message.role, message.model], ['message', 'assistant', MODEL]);
    assert.deepEqual([message.stop_reason, message.stop_sequence], ['tool_use', null]);
    assert.equal(message.id, 'msg_01Fake00000000000001');
    const tool = message.content[1];
    assert.ok(tool?.type === 'tool_use');
    assert.deepEqual(tool.input, EXPECTED.toolEdit.input);
    const failed = await rejection(client().messages.create(ask('[[scenario:error-mid-stream]]')));
    assert.equal(failed.constructor, Anthropic.OverloadedError);
  });

  it('a user turn of only tool results defaults to after-tool-result', async () => {
    const first = await client().messages.create(ask('[[scenario:tool-edit]]'));
    const toolUse = first.content.find((b) => b.type === 'tool_use');
    assert.ok(toolUse?.type === 'tool_use');
    const messages: MessageParam[] = [
      { role: 'user', content: '[[scenario:tool-edit]]' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'proposed' }] },
    ];
    const withoutTools = await rejection(client().messages.create({ model: MODEL, max_tokens: 100, messages }));
    assert.equal(withoutTools.apiMessage, 'Requests which include `tool_use` or `tool_result` blocks must define tools.');
    const tools = [{ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' } as const];
    const followUp = await client().messages.create({ model: MODEL, max_tokens: 100, messages, tools });
    assert.deepEqual(followUp.content, [{ type: 'text', text: EXPECTED.afterToolResult }]);
  });
});

describe('fake Anthropic server: request validation', () => {
  const user = (content: MessageParam['content']): MessageParam => ({ role: 'user', content });
  const assistant = (content: MessageParam['content']): MessageParam => ({ role: 'assistant', content });
  const tools = [{ name: 'x', input_schema: { type: 'object' as const } }];
  const cases: [string, MessageParam[], string][] = [
    [
      'consecutive user messages',
      [user('a'), user('b')],
      'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
    ],
    ['an empty text block', [user([{ type: 'text', text: '' }])], 'messages.0.content.0.text: text content blocks must be non-empty'],
    [
      'an unanswered tool_use',
      [user('edit'), assistant([{ type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }]), user('never mind')],
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. ' +
        'Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    ],
    [
      'a tool_result answering nothing',
      [user([{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }])],
      'messages.0.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_9. ' +
        'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    ],
    [
      'a thinking block without signature',
      [user('q'), assistant([{ type: 'thinking', thinking: 't', signature: '' }]), user('q2')],
      'messages.1.content.0.thinking.signature: Field required',
    ],
  ];
  for (const [name, messages, expected] of cases) {
    it(`rejects ${name} with 400 invalid_request_error`, async () => {
      const error = await rejection(client().messages.create({ model: MODEL, max_tokens: 100, messages, tools }));
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.deepEqual([error.type, error.apiMessage], ['invalid_request_error', expected]);
      assert.equal(server.requests[0]?.scenario, 'rejected:invalid_request_error');
    });
  }

  it('rejects max_tokens 0, and a rejected request does not consume the queue', async () => {
    server.enqueue('crlf');
    const error = await rejection(client().messages.create({ ...ask('hi'), max_tokens: 0 }));
    assert.equal(error.apiMessage, 'max_tokens: Input should be greater than or equal to 1');
    await client().messages.create(ask('hi'));
    assert.equal(server.requests[1]?.scenario, 'crlf');
  });

  it('rejects a marker naming an unknown scenario, loudly', async () => {
    const error = await rejection(client().messages.create(ask('[[scenario:no-such-thing]]')));
    assert.ok(error instanceof Anthropic.BadRequestError);
    assert.match(String(error.apiMessage), /^fake server: unknown scenario 'no-such-thing'; known: demo, /);
  });
});

describe('fake Anthropic server: models, control API and CLI', () => {
  it('lists models newest first in the Models API shape, and retrieves by alias', async () => {
    const page = await client().models.list();
    assert.deepEqual(page.data.map((m) => m.id), FAKE_MODELS.map((m) => m.id));
    const created = page.data.map((m) => Date.parse(m.created_at));
    assert.deepEqual(created, [...created].sort((a, b) => b - a));
    assert.equal(page.has_more, false);
    assert.equal(page.first_id, FAKE_MODELS[0]?.id);
    const haiku = await client().models.retrieve('claude-haiku-4-5');
    assert.deepEqual([haiku.id, haiku.display_name], ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5']);
  });

  it('control API: enqueue, requests, waitForRequests and reset round trip', async () => {
    const control = new FakeServerClient(`${server.url}/`);
    await control.enqueue('crlf', 'thinking');
    assert.equal(await client().messages.stream(ask('no marker')).finalText(), EXPECTED.crlf);
    assert.equal(await client().messages.stream(ask('no marker')).finalText(), EXPECTED.thinking.text);
    const requests = await control.waitForRequests(2, 1000);
    assert.deepEqual(requests.map((r) => [r.index, r.scenario, r.outcome]), [[0, 'crlf', 'completed'], [1, 'thinking', 'completed']]);
    assert.equal('ended' in requests[0]!, false);
    assert.equal((await control.waitForOutcome(1)).outcome, 'completed');
    await assert.rejects(control.enqueue('nope'), /400: .*unknown scenario 'nope'/);
    await control.reset();
    assert.deepEqual(await control.requests(), []);
    await assert.rejects(control.waitForRequests(1, 100), /waited 100 ms for 1 request\(s\)/);
  });

  it('CLI prints its url line, serves, and exits cleanly on SIGTERM', async () => {
    const cli = path.join(__dirname, '..', 'fake', 'cli.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit') as Promise<[number | null]>;
    try {
      const line = String(((await once(child.stdout, 'data')) as [Buffer])[0]);
      assert.match(line, /^\{"url":"http:\/\/127\.0\.0\.1:\d+"\}\n$/);
      const { url } = JSON.parse(line) as { url: string };
      const cliClient = new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0 });
      const text = await cliClient.messages.stream(ask('[[scenario:text-with-pings]]')).finalText();
      assert.equal(text, EXPECTED.textWithPings);
    } finally {
      child.kill('SIGTERM');
    }
    assert.deepEqual(await exited, [0, null]);
  });
});
