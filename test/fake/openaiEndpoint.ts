// The fake server's OpenAI-compatible endpoint: `POST …/chat/completions` and `GET …/models` in
// the OpenAI shapes, over the same machinery as `/v1/messages` — one request log, one scenario
// queue and marker syntax, one request counter, the same SSE writer and exchange tracking. Only
// the wire encoding (openaiStreamPlan.ts), the validation and the error shapes are its own.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiErrorType, STATUS_FOR_ERROR_TYPE } from './apiErrors';
import type { TrackedExchange, RecordFields } from './exchange';
import { estimateTokens } from './messagePlan';
import {
  invalidApiKey,
  invalidRequest,
  MISSING_API_KEY,
  modelNotFound,
  openAIErrorBody,
  openAIErrorFor,
  openAIHeadersFor,
  type OpenAIErrorDetails,
} from './openaiApiErrors';
import { findOpenAIModel, OPENAI_KNOWN_MODEL_IDS, openAIModelJson, openAIModelsListJson } from './openaiModels';
import { findOpenAIRequestProblem, lastOpenAIUserMessage } from './openaiRequestValidation';
import { buildOpenAIStreamSteps, completionJson, type CompletionIdentity } from './openaiStreamPlan';
import type { ScenarioChoice } from './scenarioSelection';
import { SCENARIOS, type ScenarioResponse } from './scenarios';
import { DEFAULT_WIRE_STYLE, writeStreamSteps } from './sseWriter';
import { totalPauseMs } from './streamPlan';

/** Base path under which the fake serves the whole OpenAI-compatible API: baseURL `${url}/openai/v1`. */
export const OPENAI_BASE_PATH = '/openai/v1';

/** Request fields some servers refuse with a 400 (older vLLM, llama.cpp builds, gateways). */
export type RefusableField = 'tools' | 'stream_options';

/**
 * Base path of an emulated endpoint that refuses `fields` with a 400, as a server without tool
 * support or without `stream_options` does: `${url}${openAIRefusingBasePath(['tools'])}`.
 */
export function openAIRefusingBasePath(fields: readonly RefusableField[]): string {
  return `/openai/refuses/${fields.join(',')}/v1`;
}

const REFUSING_PATH = /^\/openai\/refuses\/([a-z_,]+)\/v1(\/.*)$/;

/** The fields the endpoint at `path` refuses (none for the ordinary endpoint). */
export function refusedFieldsOf(path: string): RefusableField[] {
  const match = REFUSING_PATH.exec(path);
  return match ? (match[1]!.split(',').filter((f) => f === 'tools' || f === 'stream_options') as RefusableField[]) : [];
}

/**
 * The endpoint-relative route (`/chat/completions`, `/models`, …) when `path` belongs to the
 * OpenAI-compatible API, else undefined. `/v1/models` stays the Messages API's: both families use
 * that path, and the Messages one was there first.
 */
export function openAIRouteOf(path: string): string | undefined {
  const refusing = REFUSING_PATH.exec(path);
  if (refusing) return refusing[2];
  if (path.startsWith(`${OPENAI_BASE_PATH}/`)) return path.slice(OPENAI_BASE_PATH.length);
  if (path === '/v1/chat/completions') return '/chat/completions';
  if (path === '/chat/completions' || path === '/models' || path.startsWith('/models/')) return path;
  return undefined;
}

/** What the endpoint borrows from the server that hosts it. */
export interface OpenAIEndpointHost {
  /** Records the request in the server's shared log and tracks how its response ends. */
  track(response: ServerResponse, fields: Omit<RecordFields, 'index'>): TrackedExchange;
  /** The server-wide counter behind `req_fake_N` ids and per-request tool ids. */
  nextRequestNumber(): number;
  chooseScenario(rawBody: string, lastUser: { text: string; hasToolResults: boolean }): ScenarioChoice;
  log(line: string): void;
}

export interface RequestBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

export class OpenAICompatibleEndpoint {
  constructor(private readonly host: OpenAIEndpointHost) {}

  async handle(request: IncomingMessage, response: ServerResponse, route: string, raw: RequestBody, receivedAt: number): Promise<void> {
    if (request.method === 'POST' && route === '/chat/completions') return this.#chatCompletions(request, response, raw, receivedAt);
    const requestId = `req_fake_${this.host.nextRequestNumber()}`;
    const headers = { 'x-request-id': requestId };
    const refused = checkBearer(request);
    if (refused) return sendError(response, refused, headers);
    const modelMatch = /^\/models\/([^/]+)$/.exec(route);
    if (request.method === 'GET' && route === '/models') return sendJson(response, 200, openAIModelsListJson(), headers);
    if (request.method === 'GET' && modelMatch) {
      const id = decodeURIComponent(modelMatch[1]!);
      const model = findOpenAIModel(id);
      return model ? sendJson(response, 200, openAIModelJson(model), headers) : sendError(response, modelNotFound(id), headers);
    }
    sendError(response, { ...invalidRequest(`Invalid URL (${request.method} /v1${route})`), status: 404 }, headers);
  }

  async #chatCompletions(request: IncomingMessage, response: ServerResponse, raw: RequestBody, receivedAt: number): Promise<void> {
    const requestNumber = this.host.nextRequestNumber();
    const requestId = `req_fake_${requestNumber}`;
    let body: unknown = raw.text;
    let problem: OpenAIErrorDetails | undefined = raw.tooLarge
      ? { ...invalidRequest('Request too large.', null, 'request_too_large'), status: 413 }
      : checkBearer(request);
    if (!problem) {
      try {
        body = JSON.parse(raw.text);
      } catch {
        problem = invalidRequest(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
            'The OpenAI API expects a JSON payload, but what was sent was not valid JSON.',
        );
      }
    }
    problem ??= findOpenAIRequestProblem(body) ?? refusedField(request, body as Record<string, unknown>) ?? unknownModel(body as Record<string, unknown>);

    let choice: ScenarioChoice | undefined;
    if (!problem) {
      try {
        choice = this.host.chooseScenario(raw.text, lastOpenAIUserMessage(body as Record<string, unknown>));
      } catch (error) {
        problem = invalidRequest(`fake server: ${(error as Error).message}`);
      }
    }

    const exchange = this.host.track(response, {
      request,
      path: new URL(request.url ?? '/', 'http://127.0.0.1').pathname,
      body,
      scenario: choice?.name ?? `rejected:${problem?.code ?? problem?.type}`,
      scenarioParam: choice?.param,
      requestId,
      receivedAt,
    });
    const headers = { 'x-request-id': requestId };
    if (problem || !choice) {
      this.host.log(`POST /chat/completions ${requestId} → ${problem?.status} ${problem?.code ?? problem?.type}: ${problem?.message}`);
      exchange.sendJson(problem?.status ?? 500, openAIErrorBody(problem ?? invalidRequest('no scenario')), headers);
      return;
    }

    const json = body as Record<string, unknown>;
    const model = String(json.model);
    const answer = SCENARIOS[choice.name]!.respond({
      model,
      question: lastOpenAIUserMessage(json).text,
      param: choice.param,
      attempt: choice.attempt,
      requestNumber,
    });
    const streaming = json.stream === true;
    const label = choice.param === undefined ? choice.name : `${choice.name}:${choice.param}`;
    this.host.log(`POST /chat/completions ${requestId} → ${label} (${choice.source}, ${streaming ? 'stream' : 'whole'})`);
    const identity: CompletionIdentity = {
      id: `chatcmpl-Fake${String(requestNumber).padStart(20, '0')}`,
      model,
      inputTokens: estimateTokens(JSON.stringify([json.messages, json.tools ?? []])),
      created: Math.floor(receivedAt / 1000),
    };
    const includeUsage = (json.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    await answerCompletion(exchange, answer, identity, { requestId, streaming, includeUsage, apiKey: bearerKey(request) ?? '', seed: requestNumber });
  }
}

interface AnswerOptions {
  readonly requestId: string;
  readonly streaming: boolean;
  readonly includeUsage: boolean;
  readonly apiKey: string;
  readonly seed: number;
}

/** Plays a scenario's answer: an HTTP error, a chunk stream, or (non-streaming) one chat.completion. */
async function answerCompletion(exchange: TrackedExchange, answer: ScenarioResponse, identity: CompletionIdentity, options: AnswerOptions): Promise<void> {
  const headers = { 'x-request-id': options.requestId };
  const failure = (errorType: ApiErrorType, status: number, message: string) =>
    openAIErrorFor(errorType, status, message, { model: identity.model, apiKey: options.apiKey });
  if (answer.kind === 'http-error') {
    const details = failure(answer.errorType, answer.status, answer.message);
    exchange.sendJson(details.status, openAIErrorBody(details), { ...headers, ...openAIHeadersFor(answer.headers) });
    return;
  }
  const steps = buildOpenAIStreamSteps(answer.plan, identity, answer.stream ?? {}, options.seed, options);
  if (options.streaming) {
    exchange.writeHead(200, { ...SSE_HEADERS, ...headers });
    await writeStreamSteps(exchange, steps, answer.wire ?? DEFAULT_WIRE_STYLE, options.seed);
    return;
  }
  // A whole completion is ready only when the model would have finished generating it.
  await exchange.pause(totalPauseMs(steps));
  const ending = answer.stream?.ending;
  if (ending?.kind === 'drop') return exchange.drop();
  if (ending?.kind === 'error-event') {
    const details = failure(ending.errorType, ending.errorType === 'overloaded_error' ? 503 : STATUS_FOR_ERROR_TYPE[ending.errorType], ending.message);
    return exchange.sendJson(details.status, openAIErrorBody(details), headers);
  }
  exchange.sendJson(200, completionJson(answer.plan, identity), headers);
}

function bearerKey(request: IncomingMessage): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/** OpenAI-compatible APIs take the key only as `Authorization: Bearer`; a key starting with `bad` is refused. */
function checkBearer(request: IncomingMessage): OpenAIErrorDetails | undefined {
  const key = bearerKey(request);
  if (!key) return MISSING_API_KEY;
  if (key.startsWith('bad')) return invalidApiKey(key);
  return undefined;
}

/**
 * The 400 of an endpoint that does not take a field, in the words such servers use: vLLM without
 * a tool parser for `tools`, and the "unrecognized argument" of servers that predate `stream_options`.
 */
function refusedField(request: IncomingMessage, body: Record<string, unknown>): OpenAIErrorDetails | undefined {
  const refused = refusedFieldsOf(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  if (refused.includes('tools') && body.tools !== undefined) {
    return invalidRequest('"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set', 'tools', 'tools_not_supported');
  }
  if (refused.includes('stream_options') && body.stream_options !== undefined) {
    return invalidRequest('Unrecognized request argument supplied: stream_options', 'stream_options', 'unrecognized_argument');
  }
  return undefined;
}

function unknownModel(body: Record<string, unknown>): OpenAIErrorDetails | undefined {
  const model = String(body.model);
  return OPENAI_KNOWN_MODEL_IDS.has(model) ? undefined : modelNotFound(model);
}

function sendError(response: ServerResponse, details: OpenAIErrorDetails, headers: Record<string, string>): void {
  sendJson(response, details.status, openAIErrorBody(details), headers);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) });
  response.end(bytes);
}
