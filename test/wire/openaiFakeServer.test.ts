// Self-tests of the fake server's OpenAI-compatible endpoint: the wire it writes, the requests it
// refuses as the API would, and — through the real `openai` SDK — what the SDK does with each
// failure, since the provider is built on exactly these facts.

import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeAnthropicServer, type FakeAnthropicServer } from '../fake/fakeAnthropicServer';
import { FakeServerClient } from '../fake/fakeServerClient';
import { OPENAI_BASE_PATH } from '../fake/openaiEndpoint';
import { OPENAI_FAKE_TEST_MODEL as MODEL } from '../fake/openaiModels';
import { createRecordingFetch } from '../fake/recordingFetch';
import { EXPECTED } from '../fake/scenarioTexts';

let server: FakeAnthropicServer;
const base = () => `${server.url}${OPENAI_BASE_PATH}`;

function client(options: { fetch?: typeof fetch; apiKey?: string; baseURL?: string } = {}): OpenAI {
  return new OpenAI({ baseURL: base(), apiKey: 'test-key', maxRetries: 0, ...options });
}

/** Streams `scenario` through the SDK, collecting content, chunks, the raw wire and how iteration ended. */
async function streamScenario(scenario: string, includeUsage = true) {
  const recording = createRecordingFetch();
  server.enqueue(scenario);
  const stream = await client({ fetch: recording.fetch }).chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  let text = '';
  let thrown: unknown;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
  } catch (error) {
    thrown = error;
  }
  return { chunks, text, thrown, wire: recording.text(), networkChunks: recording.chunks };
}

/** POSTs a raw body to the chat endpoint; returns status and parsed JSON. */
async function post(body: unknown, headers: Record<string, string> = { authorization: 'Bearer test-key' }) {
  const response = await fetch(`${base()}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } } };
}

const toolCall = (id: string) => ({ id, type: 'function', function: { name: 'str_replace_based_edit_tool', arguments: '{}' } });

before(async () => (server = await startFakeAnthropicServer()));
afterEach(() => server.reset());
after(() => server.close());

describe('fake OpenAI-compatible endpoint: the wire', () => {
  it('data-only chunk events with keep-alive comments, a usage chunk with no choices, then data: [DONE]', async () => {
    const { chunks, text, wire } = await streamScenario('text-with-pings');
    assert.equal(text, EXPECTED.textWithPings);
    assert.doesNotMatch(wire, /^event:/m);
    assert.ok((wire.match(/^: keep-alive$/gm)?.length ?? 0) > 5);
    assert.ok(wire.endsWith('data: [DONE]\n\n'));
    for (const chunk of chunks) {
      assert.deepEqual([chunk.object, chunk.model, chunk.id], ['chat.completion.chunk', MODEL, chunks[0]!.id]);
      assert.equal(typeof chunk.created, 'number');
    }
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.prompt_tokens_details?.cached_tokens, 512);
  });

  it('without stream_options.include_usage there is no usage chunk', async () => {
    const { chunks } = await streamScenario('text-with-pings', false);
    assert.ok(chunks.every((c) => c.choices.length === 1 && c.usage === undefined));
  });

  it('split-utf8: 1–3 byte network chunks split lines and characters, yet the text is exact', async () => {
    const { text, networkChunks } = await streamScenario('split-utf8');
    assert.equal(text, EXPECTED.splitUtf8);
    assert.ok(networkChunks.every((c) => c.length <= 3));
    assert.ok(networkChunks.some((c) => c[0] !== undefined && (c[0] & 0xc0) === 0x80), 'no chunk boundary fell inside a UTF-8 character');
  });

  it('tool calls: the first fragment has id, type, name and arguments "", later ones only index and arguments', async () => {
    const { chunks } = await streamScenario('two-tools');
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const firsts = fragments.filter((f) => f.id !== undefined);
    assert.deepEqual(firsts.map((f) => [f.index, f.type, f.function?.name, f.function?.arguments]), [
      [0, 'function', 'str_replace_based_edit_tool', ''],
      [1, 'function', 'str_replace_based_edit_tool', ''],
    ]);
    assert.ok(fragments.filter((f) => f.id === undefined).every((f) => Object.keys(f).sort().join() === 'function,index' && Object.keys(f.function!).join() === 'arguments'));
    for (const [index, input] of EXPECTED.twoTools.inputs.entries()) {
      const json = fragments.filter((f) => f.index === index).map((f) => f.function?.arguments ?? '').join('');
      assert.deepEqual(JSON.parse(json), input);
    }
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
  });

  it('reasoning arrives as reasoning_content beside content: null', async () => {
    const { chunks } = await streamScenario('thinking');
    const reasoning = chunks.map((c) => (c.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '').join('');
    assert.equal(reasoning, EXPECTED.thinking.thinking);
  });

  it('non-streaming: one chat.completion with the same content', async () => {
    server.enqueue('tool-edit');
    const completion = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
    const message = completion.choices[0]!.message;
    assert.equal(completion.object, 'chat.completion');
    assert.equal(message.content, EXPECTED.toolEdit.text);
    const call = message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    assert.deepEqual(JSON.parse(call.function.arguments), EXPECTED.toolEdit.input);
    assert.equal(completion.choices[0]!.finish_reason, 'tool_calls');
  });
});

describe('fake OpenAI-compatible endpoint: what the openai SDK does with each failure', () => {
  it('an error chunk mid-stream: APIError with no status, the error body, the response request id', async () => {
    const { text, thrown, wire } = await streamScenario('error-mid-stream');
    assert.equal(text, EXPECTED.errorMidStream);
    assert.match(wire, /^data: \{"error":\{"message":"The server is overloaded or not ready yet\.","type":"server_error"/m);
    assert.ok(thrown instanceof OpenAI.APIError && !(thrown instanceof OpenAI.APIConnectionError));
    assert.deepEqual([thrown.status, thrown.type, thrown.message, thrown.requestID], [undefined, 'server_error', 'The server is overloaded or not ready yet.', 'req_fake_1']);
  });

  it('a dropped socket: undici’s TypeError "terminated", outside the SDK’s classes', async () => {
    const { text, thrown } = await streamScenario('drop-mid-stream');
    assert.equal(text, EXPECTED.dropMidStream);
    assert.ok(thrown instanceof TypeError && !(thrown instanceof OpenAI.OpenAIError));
    assert.equal(thrown.message, 'terminated');
    assert.equal((await server.requests[0]!.ended), 'server-dropped');
  });

  it('[DONE] without finish_reason: iteration just ends — only the missing finish_reason tells', async () => {
    const { text, thrown, chunks, wire } = await streamScenario('eof-without-stop');
    assert.equal(thrown, undefined);
    assert.equal(text, EXPECTED.eofWithoutStop);
    assert.ok(wire.endsWith('data: [DONE]\n\n'));
    assert.ok(chunks.every((c) => !c.choices[0]?.finish_reason));
  });

  it('abort through the signal: iteration ends quietly, without an error, and the request is closed', async () => {
    server.enqueue('slow-drip');
    const controller = new AbortController();
    const stream = await client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'drip' }], stream: true }, { signal: controller.signal });
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) seen += 1;
      if (seen === 2) controller.abort();
    }
    assert.equal(seen, 2);
    assert.equal(await server.requests[0]!.ended, 'client-closed');
    // Before the response arrives, the same abort rejects with APIUserAbortError.
    await assert.rejects(
      client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }, { signal: AbortSignal.abort() }),
      OpenAI.APIUserAbortError,
    );
  });

  it('HTTP errors come in the OpenAI shape and become the SDK’s classes', async () => {
    const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    const ask = (c: OpenAI) => c.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    const badKey = await failure(ask(client({ apiKey: 'bad-key-1234567' })));
    assert.ok(badKey instanceof OpenAI.AuthenticationError);
    assert.deepEqual([badKey.code, badKey.type], ['invalid_api_key', 'invalid_request_error']);
    assert.match(badKey.message, /^401 Incorrect API key provided: bad\*\*\*\*4567\./);
    server.enqueue('rate-limited');
    const limited = await failure(ask(client()));
    assert.ok(limited instanceof OpenAI.RateLimitError);
    assert.deepEqual([limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-remaining-requests'), limited.headers.get('anthropic-ratelimit-requests-limit')], ['1', '0', null]);
    const unknown = await failure(client().chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }));
    assert.ok(unknown instanceof OpenAI.NotFoundError);
    assert.equal(unknown.code, 'model_not_found');
    assert.match(unknown.message, /The model `gpt-nope` does not exist/);
  });
});

describe('fake OpenAI-compatible endpoint: requests refused as the API refuses them', () => {
  const user = { role: 'user', content: 'hi' };

  for (const [what, body, param, message] of [
    ['empty messages', { model: MODEL, messages: [] }, 'messages', /empty array/],
    ['a tool call never answered', { model: MODEL, messages: [user, { role: 'assistant', content: null, tool_calls: [toolCall('call_1')] }, user] }, 'messages.[1].role', /did not have response messages: call_1/],
    ['a tool message that answers nothing', { model: MODEL, messages: [user, { role: 'tool', tool_call_id: 'call_9', content: 'x' }] }, 'messages.[1].role', /must be a response to a preceeding message with 'tool_calls'/],
    ['arguments sent as an object', { model: MODEL, messages: [user, { role: 'assistant', content: null, tool_calls: [{ ...toolCall('c'), function: { name: 'f', arguments: {} } }] }] }, 'messages[1].tool_calls[0].function.arguments', /expected a string, but got an object/],
    ['stream_options without stream', { model: MODEL, messages: [user], stream_options: { include_usage: true } }, 'stream_options', /only allowed when 'stream' is enabled/],
    ['a bad tool name', { model: MODEL, messages: [user], tools: [{ type: 'function', function: { name: 'has space' } }] }, 'tools[0].function.name', /does not match pattern/],
  ] as const) {
    it(`${what}: 400 invalid_request_error, recorded as rejected`, async () => {
      const { status, json } = await post(body);
      assert.equal(status, 400);
      assert.equal(json.error.type, 'invalid_request_error');
      assert.equal(json.error.param, param);
      assert.match(json.error.message, message);
      assert.match(server.requests[0]!.scenario, /^rejected:/);
    });
  }

  it('answered tool calls pass, and the queue is not consumed by refused requests', async () => {
    server.enqueue('text-with-pings');
    assert.equal((await post({ model: MODEL, messages: [] })).status, 400);
    const valid = await post({
      model: MODEL,
      messages: [user, { role: 'assistant', content: 'x', tool_calls: [toolCall('a'), toolCall('b')] }, { role: 'tool', tool_call_id: 'b', content: 'ok' }, { role: 'tool', tool_call_id: 'a', content: 'ok' }, user],
    });
    assert.equal(valid.status, 200);
    assert.equal(server.requests[1]!.scenario, 'text-with-pings');
  });

  it('a missing key is a 401 in the OpenAI shape', async () => {
    const { status, json } = await post({ model: MODEL, messages: [user] }, {});
    assert.equal(status, 401);
    assert.match(json.error.message, /You didn't provide an API key/);
    assert.equal(server.requests[0]!.scenario, 'rejected:invalid_request_error');
  });
});

describe('fake OpenAI-compatible endpoint: routes and shared machinery', () => {
  it('models in the OpenAI shape under /openai/v1, while /v1/models stays the Messages API’s', async () => {
    const list = (await (await fetch(`${base()}/models`, { headers: { authorization: 'Bearer k' } })).json()) as { object: string; data: { object: string }[] };
    assert.equal(list.object, 'list');
    assert.ok(list.data.every((m) => m.object === 'model'));
    const anthropic = (await (await fetch(`${server.url}/v1/models`, { headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } })).json()) as { data: { type: string }[] };
    assert.equal(anthropic.data[0]?.type, 'model');
    assert.equal((await client().models.retrieve(MODEL)).owned_by, 'inkwell-fake');
  });

  it('POST /v1/chat/completions and /chat/completions answer too', async () => {
    for (const baseURL of [`${server.url}/v1`, server.url]) {
      server.enqueue('text-with-pings');
      const completion = await client({ baseURL }).chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
      assert.equal(completion.choices[0]?.message.content, EXPECTED.textWithPings);
    }
    assert.deepEqual(server.requests.map((r) => r.path), ['/v1/chat/completions', '/chat/completions']);
  });

  it('one log, queue, marker syntax and control API for both APIs (the queue before a marker)', async () => {
    const control = new FakeServerClient(server.url);
    await control.enqueue('crlf');
    const ask = (content: string) => client().chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] });
    assert.equal((await ask('[[scenario:oa-length]] go')).choices[0]?.message.content, EXPECTED.crlf);
    assert.equal((await ask('[[scenario:oa-length]] go')).choices[0]?.finish_reason, 'length');
    const recorded = await control.requests();
    assert.deepEqual(recorded.map((r) => [r.path, r.scenario, r.requestId]), [
      ['/openai/v1/chat/completions', 'crlf', 'req_fake_1'],
      ['/openai/v1/chat/completions', 'oa-length', 'req_fake_2'],
    ]);
  });
});
