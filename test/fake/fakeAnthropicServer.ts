// A local stand-in for the Anthropic API over real HTTP, speaking the Messages SSE wire format byte
// for byte. Tests point the official SDK (or the extension) at `url`, pick scenarios, and inspect
// what was requested and how each response ended. Node built-ins only, so it runs in plain Node,
// bundled into an extension host test suite, or standalone through cli.ts.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { API_ERROR_MESSAGES, type ApiErrorType, apiErrorBody, STATUS_FOR_ERROR_TYPE } from './apiErrors';
import { TrackedExchange, type RecordedRequest, type RecordFields } from './exchange';
import { deltaUsageJson, estimateTokens, messageJson, type MessageIdentity } from './messagePlan';
import { findModel, KNOWN_MODEL_IDS, modelInfoJson, modelsPageJson } from './models';
import { OpenAICompatibleEndpoint, openAIRouteOf } from './openaiEndpoint';
import { findRequestProblem, lastUserMessage } from './requestValidation';
import { SCENARIOS, type ScenarioResponse } from './scenarios';
import { type ScenarioChoice, ScenarioSelector } from './scenarioSelection';
import { DEFAULT_WIRE_STYLE, writeStreamSteps } from './sseWriter';
import { buildStreamSteps, totalPauseMs } from './streamPlan';

export type { ExchangeOutcome, RecordedRequest, RecordedRequestJson } from './exchange';

export interface FakeAnthropicServerOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Receives one line per API request (the CLI sends them to stderr). */
  log?: (line: string) => void;
}

export interface FakeAnthropicServer {
  /** "http://127.0.0.1:PORT": pass as the SDK's baseURL (the SDK appends /v1/messages). */
  readonly url: string;
  /** Every POST /v1/messages and POST …/chat/completions, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** The next model requests (either API) use these scenarios (`name` or `name:param`), in order. */
  enqueue(...scenarioNames: string[]): void;
  /** Resolves with all recorded requests once at least `count` have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Clears the queue and the recorded requests, and restarts request ids at req_fake_1. */
  reset(): void;
  /** Stops listening and destroys open sockets, ending any streams in progress. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/** Fails a request before a scenario is involved; recorded as `rejected:<type>`. */
class Rejection {
  constructor(
    readonly errorType: ApiErrorType,
    readonly message: string,
  ) {}
}

export async function startFakeAnthropicServer(options: FakeAnthropicServerOptions = {}): Promise<FakeAnthropicServer> {
  const server = new HttpFakeAnthropicServer(options.log);
  await server.listen(options.port ?? 0);
  return server;
}

class HttpFakeAnthropicServer implements FakeAnthropicServer {
  readonly requests: RecordedRequest[] = [];
  readonly #http: Server;
  readonly #sockets = new Set<Socket>();
  readonly #selector = new ScenarioSelector();
  readonly #arrivalListeners = new Set<() => void>();
  /** Chat Completions and its models list, sharing this server's log, queue and counter. */
  readonly #openai = new OpenAICompatibleEndpoint({
    track: (response, fields) => this.#track(response, fields),
    nextRequestNumber: () => ++this.#requestCounter,
    chooseScenario: (rawBody, lastUser) => this.#selector.choose(rawBody, lastUser),
    log: (line) => this.log?.(line),
  });
  #requestCounter = 0;
  #closing = false;
  #url = '';

  constructor(private readonly log: ((line: string) => void) | undefined) {
    this.#http = createServer((request, response) => {
      this.#route(request, response).catch((error: unknown) => {
        this.log?.(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) this.#sendJson(response, 500, apiErrorBody('api_error', API_ERROR_MESSAGES.internal, 'req_fake_error'));
        else response.destroy();
      });
    });
    this.#http.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return this.#url;
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, '127.0.0.1', () => {
        this.#http.off('error', reject);
        this.#url = `http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  enqueue(...scenarioNames: string[]): void {
    this.#selector.enqueue(scenarioNames);
  }

  waitForRequests(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve([...this.requests]);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.requests.length < count) return;
        clearTimeout(timer);
        this.#arrivalListeners.delete(check);
        resolve([...this.requests]);
      };
      const timer = setTimeout(() => {
        this.#arrivalListeners.delete(check);
        const seen = this.requests.map((r) => r.scenario).join(', ') || 'none';
        reject(new Error(`waited ${timeoutMs} ms for ${count} request(s) to /v1/messages; got ${this.requests.length} (${seen})`));
      }, timeoutMs);
      this.#arrivalListeners.add(check);
    });
  }

  reset(): void {
    this.#selector.reset();
    this.requests.length = 0;
    // Request ids (and the tool ids derived from them) restart too, so each test sees the same ids.
    this.#requestCounter = 0;
  }

  close(): Promise<void> {
    this.#closing = true;
    return new Promise((resolve) => {
      this.#http.close(() => resolve());
      for (const socket of this.#sockets) socket.destroy();
    });
  }

  async #route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/__fake/')) return this.#control(request, response, path);
    if (request.method === 'POST' && path === '/v1/messages') return this.#messages(request, response, receivedAt);
    const openAIRoute = openAIRouteOf(path);
    if (openAIRoute !== undefined) return this.#openai.handle(request, response, openAIRoute, await readBody(request), receivedAt);
    await readBody(request);
    const requestId = this.#nextRequestId();
    const rejection = checkAuth(request);
    if (rejection) return this.#sendError(response, rejection.errorType, rejection.message, requestId);
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && path === '/v1/models') {
      return this.#sendJson(response, 200, modelsPageJson(url.searchParams), { 'request-id': requestId });
    }
    if (request.method === 'GET' && modelMatch) {
      const model = findModel(decodeURIComponent(modelMatch[1]!));
      if (model) return this.#sendJson(response, 200, modelInfoJson(model), { 'request-id': requestId });
      return this.#sendError(response, 'not_found_error', `model: ${decodeURIComponent(modelMatch[1]!)}`, requestId);
    }
    this.#sendError(response, 'not_found_error', API_ERROR_MESSAGES.notFound, requestId);
  }

  /** POST /v1/messages: record, pick a scenario, answer it as a stream or a whole Message. */
  async #messages(request: IncomingMessage, response: ServerResponse, receivedAt: number): Promise<void> {
    const raw = await readBody(request);
    const requestNumber = ++this.#requestCounter;
    const requestId = `req_fake_${requestNumber}`;
    let body: unknown = raw.text;
    let rejection = raw.tooLarge ? new Rejection('request_too_large', API_ERROR_MESSAGES.bodyTooLarge) : checkAuth(request);
    if (!rejection) {
      try {
        body = JSON.parse(raw.text);
      } catch (error) {
        rejection = new Rejection('invalid_request_error', `There was an issue with your request body: ${(error as Error).message}`);
      }
    }
    rejection ??= checkMessagesRequest(body);

    let choice: ScenarioChoice | undefined;
    if (!rejection) {
      try {
        choice = this.#selector.choose(raw.text, lastUserMessage(body as Record<string, unknown>));
      } catch (error) {
        rejection = new Rejection('invalid_request_error', `fake server: ${(error as Error).message}`);
      }
    }

    const exchange = this.#track(response, {
      request,
      path: '/v1/messages',
      body,
      scenario: choice?.name ?? `rejected:${rejection?.errorType}`,
      scenarioParam: choice?.param,
      requestId,
      receivedAt,
    });

    if (rejection || !choice) {
      const errorType = rejection?.errorType ?? 'api_error';
      this.log?.(`POST /v1/messages ${requestId} → ${STATUS_FOR_ERROR_TYPE[errorType]} ${errorType}: ${rejection?.message}`);
      const errorBody = apiErrorBody(errorType, rejection?.message ?? '', requestId);
      exchange.sendJson(STATUS_FOR_ERROR_TYPE[errorType], errorBody, { 'request-id': requestId });
      return;
    }

    const json = body as Record<string, unknown>;
    const model = String(json.model);
    const scenario = SCENARIOS[choice.name]!;
    const answer = scenario.respond({
      model,
      question: lastUserMessage(json).text,
      param: choice.param,
      attempt: choice.attempt,
      requestNumber,
    });
    const streaming = json.stream === true;
    const label = choice.param === undefined ? choice.name : `${choice.name}:${choice.param}`;
    this.log?.(`POST /v1/messages ${requestId} → ${label} (${choice.source}, ${streaming ? 'stream' : 'whole'})`);
    const identity: MessageIdentity = {
      id: `msg_01Fake${String(requestNumber).padStart(14, '0')}`,
      model,
      inputTokens: estimateTokens(JSON.stringify([json.system ?? '', json.messages, json.tools ?? []])),
    };
    if (answer.kind === 'message') exchange.record.reportedUsage = deltaUsageJson(answer.plan, identity) as RecordedRequest['reportedUsage'];
    await answerScenario(exchange, answer, identity, requestId, streaming, requestNumber);
  }

  async #control(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(request);
    if (request.method === 'POST' && path === '/__fake/enqueue') {
      try {
        const scenarios = (JSON.parse(raw.text) as { scenarios?: unknown }).scenarios;
        if (!Array.isArray(scenarios) || !scenarios.every((s) => typeof s === 'string')) {
          throw new Error('body must be {"scenarios":["name",...]}');
        }
        this.enqueue(...scenarios);
        return this.#sendJson(response, 200, { queued: this.#selector.queued });
      } catch (error) {
        return this.#sendJson(response, 400, { error: (error as Error).message });
      }
    }
    if (request.method === 'GET' && path === '/__fake/requests') return this.#sendJson(response, 200, this.requests);
    if (request.method === 'POST' && path === '/__fake/reset') {
      this.reset();
      return this.#sendJson(response, 200, { reset: true });
    }
    if (request.method === 'GET' && path === '/__fake/scenarios') {
      const list = Object.entries(SCENARIOS).map(([name, definition]) => ({ name, summary: definition.summary }));
      return this.#sendJson(response, 200, list);
    }
    this.#sendJson(response, 404, { error: `no control endpoint ${request.method} ${path}` });
  }

  /** Records a model request in the shared log, wakes `waitForRequests`, and tracks its response. */
  #track(response: ServerResponse, fields: Omit<RecordFields, 'index'>): TrackedExchange {
    const exchange = new TrackedExchange(response, { ...fields, index: this.requests.length }, () => this.#closing);
    this.requests.push(exchange.record);
    for (const listener of [...this.#arrivalListeners]) listener();
    return exchange;
  }

  #nextRequestId(): string {
    return `req_fake_${++this.#requestCounter}`;
  }

  #sendError(response: ServerResponse, type: ApiErrorType, message: string, requestId: string): void {
    this.#sendJson(response, STATUS_FOR_ERROR_TYPE[type], apiErrorBody(type, message, requestId), { 'request-id': requestId });
  }

  #sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) });
    response.end(bytes);
  }
}

/** Plays a scenario's answer: an HTTP error, an SSE stream, or (non-streaming) one JSON Message. */
async function answerScenario(
  exchange: TrackedExchange,
  answer: ScenarioResponse,
  identity: MessageIdentity,
  requestId: string,
  streaming: boolean,
  seed: number,
): Promise<void> {
  const baseHeaders = { 'request-id': requestId };
  if (answer.kind === 'http-error') {
    const body = apiErrorBody(answer.errorType, answer.message, requestId);
    exchange.sendJson(answer.status, body, { ...baseHeaders, ...answer.headers });
    return;
  }
  const steps = buildStreamSteps(answer.plan, identity, answer.stream ?? {}, requestId, seed);
  if (streaming) {
    exchange.writeHead(200, { ...SSE_HEADERS, ...baseHeaders });
    await writeStreamSteps(exchange, steps, answer.wire ?? DEFAULT_WIRE_STYLE, seed);
    return;
  }
  // A whole Message is ready only when the model would have finished generating it.
  await exchange.pause(totalPauseMs(steps));
  const ending = answer.stream?.ending;
  if (ending?.kind === 'drop') return exchange.drop();
  if (ending?.kind === 'error-event') {
    const body = apiErrorBody(ending.errorType, ending.message, requestId);
    return exchange.sendJson(STATUS_FOR_ERROR_TYPE[ending.errorType], body, baseHeaders);
  }
  exchange.sendJson(200, messageJson(answer.plan, identity), baseHeaders);
}

/**
 * The API accepts `x-api-key` (SDK 0.x) or `Authorization: Bearer` (SDK 1.x), and requires an
 * `anthropic-version` header whatever its value.
 */
function checkAuth(request: IncomingMessage): Rejection | undefined {
  const header = request.headers['x-api-key'];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const key = (Array.isArray(header) ? header[0] : header) ?? bearer;
  if (!key) return new Rejection('authentication_error', API_ERROR_MESSAGES.missingApiKey);
  if (key.startsWith('bad')) return new Rejection('authentication_error', API_ERROR_MESSAGES.invalidApiKey);
  if (!request.headers['anthropic-version']) return new Rejection('invalid_request_error', API_ERROR_MESSAGES.missingVersion);
  return undefined;
}

function checkMessagesRequest(body: unknown): Rejection | undefined {
  const problem = findRequestProblem(body);
  if (problem) return new Rejection('invalid_request_error', problem);
  const model = (body as { model: string }).model;
  if (!KNOWN_MODEL_IDS.has(model)) return new Rejection('not_found_error', `model: ${model}`);
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}
