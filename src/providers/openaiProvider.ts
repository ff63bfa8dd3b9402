/**
 * OpenAI-compatible Chat Completions (OpenAI, gateways, local servers) through the official
 * `openai` SDK: streams chunks, or sends one request when streaming is off, and reports both as
 * the same `TurnEvent`s as the Anthropic provider.
 */
import { endpointHost } from './endpointHost';
import { FirstWordsPause } from './firstWordsPause';
import { DEFAULT_REQUEST_TIMEOUT_MS, NON_STREAMING_TIMEOUT_MS } from './requestTimeouts';
import { DEFAULT_IDLE_TIMEOUT_MS, idleTimeoutFetch } from './idleTimeoutFetch';
import { networkErrorOf } from './network/networkErrors';
import OpenAI from 'openai';
import type { ChatProvider, ModelInfo } from '../core/chatProvider';
import type { EndpointCapabilities } from '../core/providerPresets';
import { abortedError } from '../core/errors';
import type { ChatRequest } from '../core/messages';
import type { TurnEvent } from '../core/turnEvents';
import { mapOpenAIError, type OpenAIErrorContext } from './openaiErrors';
import { ChatCompletionStreamMapper, eventsForWholeCompletion } from './openaiEvents';
import { chatCompletionParams, type TokenLimitField } from './openaiRequest';

export interface OpenAICompatibleProviderOptions {
  /** E.g. https://api.openai.com/v1 or http://localhost:11434/v1. Empty: the SDK default (OPENAI_BASE_URL, else OpenAI). */
  readonly baseUrl?: string;
  /** Empty or undefined for endpoints that need none (local servers). */
  readonly apiKey?: string;
  /** The SDK's own silent retries; 0 by default, since the chat retries visibly (`chat/retryingRequest`). */
  readonly maxRetries?: number;
  /** Time allowed until response headers of a streamed request (the SDK's timeout never covers the body). */
  readonly timeoutMs?: number;
  readonly defaultHeaders?: Record<string, string>;
  /** A body silent this long is ended as stalled; 0 turns it off. */
  readonly idleTimeoutMs?: number;
  /** How requests travel (proxy, extra CAs); default: the runtime's fetch. */
  readonly fetch?: typeof fetch;
  /**
   * The request field for the output limit. Default: `max_completion_tokens` for api.openai.com,
   * whose reasoning models refuse `max_tokens`; `max_tokens` elsewhere, the one field every
   * compatible server reads.
   */
  readonly tokenLimitField?: TokenLimitField;
  /**
   * What the endpoint accepts and reports (see `core/providerPresets`). Without tool use the edit
   * tool is never declared; without usage in streams `stream_options` is never sent and the
   * answer's tokens are reported as unknown; without prompt caching no cache reads are reported.
   * Default: everything.
   */
  readonly capabilities?: Pick<EndpointCapabilities, 'toolUse' | 'streamUsage' | 'promptCaching'>;
}

const ALL_CAPABILITIES: Required<OpenAICompatibleProviderOptions>['capabilities'] = { toolUse: true, streamUsage: true, promptCaching: true };

export const DEFAULT_MAX_RETRIES = 0;

/** Sent when no key is configured: the SDK refuses to build a client without one. */
const PLACEHOLDER_API_KEY = 'not-needed';

export class OpenAICompatibleProvider implements ChatProvider {
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly hasApiKey: boolean;
  private readonly tokenLimitField: TokenLimitField;
  readonly capabilities: Required<OpenAICompatibleProviderOptions>['capabilities'];

  constructor(options: OpenAICompatibleProviderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.hasApiKey = Boolean(options.apiKey);
    this.client = new OpenAI({
      apiKey: options.apiKey || PLACEHOLDER_API_KEY,
      baseURL: options.baseUrl || undefined,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: this.timeoutMs,
      defaultHeaders: options.defaultHeaders,
      fetch: idleTimeoutFetch(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, options.fetch),
    });
    this.capabilities = options.capabilities ?? ALL_CAPABILITIES;
    this.tokenLimitField = options.tokenLimitField ?? (this.host === 'api.openai.com' ? 'max_completion_tokens' : 'max_tokens');
  }

  /** Host (and port) of the endpoint, safe to show and log. */
  get host(): string {
    return endpointHost(this.client.baseURL);
  }

  /** The API's base URL: may hold credentials, so show `host` instead. */
  get baseUrl(): string {
    return this.client.baseURL;
  }

  async send(request: ChatRequest, onEvent: (event: TurnEvent) => void, signal: AbortSignal): Promise<void> {
    let streamStarted = false;
    const { toolUse, streamUsage, promptCaching } = this.capabilities;
    // An endpoint without tool use would refuse the request: the edit tool is left out instead.
    const params = chatCompletionParams({ ...request, editTool: request.editTool === true && toolUse }, this.tokenLimitField);
    const optionalFields = [...(params.tools ? (['tools'] as const) : []), ...(request.stream && streamUsage ? (['stream_options'] as const) : [])];
    const report = (events: readonly TurnEvent[]): void => {
      for (const event of events) {
        if (signal.aborted) throw abortedError();
        onEvent(event);
      }
    };
    try {
      if (!request.stream) {
        const { data, request_id } = await this.client.chat.completions.create({ ...params, stream: false }, { signal, timeout: NON_STREAMING_TIMEOUT_MS }).withResponse();
        report(eventsForWholeCompletion(data, request_id ?? undefined, { promptCaching }));
        return;
      }
      const { data: stream, request_id } = await this.client.chat.completions
        .create({ ...params, stream: true, ...(streamUsage ? { stream_options: { include_usage: true } } : {}) }, { signal })
        .withResponse();
      // From here the endpoint has answered 200: a socket that closes now drops the answer.
      streamStarted = true;
      const mapper = new ChatCompletionStreamMapper(request_id ?? undefined, { usageRequested: streamUsage, promptCaching });
      // On abort the SDK ends this loop quietly (and closes the connection), so the signal is checked after it.
      const firstWords = new FirstWordsPause();
      for await (const chunk of stream) {
        if (signal.aborted) break;
        const events = mapper.map(chunk);
        report(events);
        const pause = firstWords.afterAll(events);
        if (pause) await pause;
      }
      if (signal.aborted) throw abortedError();
      report(mapper.finish());
    } catch (error) {
      if (signal.aborted) throw abortedError();
      throw networkErrorOf(error, this.host) ?? mapOpenAIError(error, { ...this.errorContext(request.model, streamStarted, request.stream ? this.timeoutMs : NON_STREAMING_TIMEOUT_MS), optionalFields });
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const models: ModelInfo[] = [];
      for await (const model of this.client.models.list({ signal })) {
        // Local servers may leave `created` out or at 0; such models just sort as undated.
        const created = typeof model.created === 'number' && model.created > 0 ? { createdAt: new Date(model.created * 1000).toISOString() } : {};
        models.push({ id: model.id, displayName: model.id, ...created });
      }
      return models;
    } catch (error) {
      throw networkErrorOf(error, this.host) ?? mapOpenAIError(error, this.errorContext('', false, this.timeoutMs));
    }
  }

  private errorContext(model: string, streamStarted: boolean, timeoutMs: number): OpenAIErrorContext {
    return { streamStarted, model, host: this.host, hasApiKey: this.hasApiKey, timeoutMs };
  }
}
