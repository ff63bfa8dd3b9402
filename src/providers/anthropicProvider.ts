/**
 * Anthropic Messages API through the official SDK: streams with `messages.create({ stream: true })`
 * (the final message assembled by `AnthropicMessageAccumulator`), or sends one request when
 * streaming is off, and reports both as the same `TurnEvent`s.
 */
import { endpointHost } from './endpointHost';
import { FirstWordsPause } from './firstWordsPause';
import { DEFAULT_REQUEST_TIMEOUT_MS, NON_STREAMING_TIMEOUT_MS } from './requestTimeouts';
import { DEFAULT_IDLE_TIMEOUT_MS, idleTimeoutFetch } from './idleTimeoutFetch';
import { networkErrorOf } from './network/networkErrors';
import Anthropic from '@anthropic-ai/sdk';
import type { ChatProvider, ModelInfo } from '../core/chatProvider';
import { abortedError, incompleteError } from '../core/errors';
import type { ChatRequest } from '../core/messages';
import type { TurnEvent } from '../core/turnEvents';
import { withCacheBreakpoints } from '../core/usage/cacheBreakpoints';
import { thinkingParam } from '../core/usage/thinkingBudget';
import { mapAnthropicError, type ErrorContext } from './anthropicErrors';
import { eventsForWholeMessage, mapAnthropicEvent } from './anthropicEvents';
import { AnthropicMessageAccumulator } from './anthropicMessage';

export interface AnthropicProviderOptions {
  readonly apiKey: string;
  /** Empty or undefined: the SDK default, which honours ANTHROPIC_BASE_URL. */
  readonly baseUrl?: string;
  readonly keyFromEnvironment?: boolean;
  /** The SDK's own silent retries; 0 by default, since the chat retries visibly (`chat/retryingRequest`). */
  readonly maxRetries?: number;
  /** Time allowed until response headers of a streamed request (the SDK's timeout never covers the body). */
  readonly timeoutMs?: number;
  /** A body silent this long (pings count as data) is ended as stalled; 0 turns it off. */
  readonly idleTimeoutMs?: number;
  readonly defaultHeaders?: Record<string, string>;
  /** How requests travel (proxy, extra CAs); default: the runtime's fetch. */
  readonly fetch?: typeof fetch;
}

export const DEFAULT_MAX_RETRIES = 0;

/** Anthropic's text editor tool, which the CONTRACT names for edits. */
const EDIT_TOOL = { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' } as const;

export class AnthropicProvider implements ChatProvider {
  private readonly client: Anthropic;
  private readonly timeoutMs: number;

  constructor(private readonly options: AnthropicProviderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseUrl || undefined,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: this.timeoutMs,
      defaultHeaders: options.defaultHeaders,
      fetch: idleTimeoutFetch(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, options.fetch),
    });
  }

  /** Host of the API, safe to show and log. */
  get host(): string {
    return endpointHost(this.client.baseURL);
  }

  /** The API's base URL: may hold credentials, so show `host` instead. */
  get baseUrl(): string {
    return this.client.baseURL;
  }

  async send(request: ChatRequest, onEvent: (event: TurnEvent) => void, signal: AbortSignal): Promise<void> {
    let streamStarted = false;
    // Settings that the API would refuse are refused here, before a request (and its cost) is made.
    const thinking = thinkingParam(request.thinkingBudget, request.maxTokens);
    const cached = withCacheBreakpoints(
      { system: request.system, tools: request.editTool ? [EDIT_TOOL] : undefined, messages: request.messages },
      { enabled: request.promptCaching !== false },
    );
    const params: Anthropic.Messages.MessageCreateParamsNonStreaming = {
      model: request.model,
      max_tokens: request.maxTokens,
      messages: cached.messages as Anthropic.Messages.MessageParam[],
      ...(cached.system !== undefined ? { system: cached.system } : {}),
      ...(cached.tools ? { tools: cached.tools } : {}),
      ...(thinking ? { thinking } : {}),
    };
    try {
      if (!request.stream) {
        const { data, request_id } = await this.client.messages.create(params, { signal, timeout: NON_STREAMING_TIMEOUT_MS }).withResponse();
        for (const event of eventsForWholeMessage(data, request_id ?? undefined)) {
          if (signal.aborted) throw abortedError();
          onEvent(event);
        }
        return;
      }
      // The raw stream, not `messages.stream()`: see anthropicMessage.ts for why.
      const { data: stream, request_id } = await this.client.messages.create({ ...params, stream: true }, { signal }).withResponse();
      const requestId = request_id ?? undefined;
      const message = new AnthropicMessageAccumulator();
      const firstWords = new FirstWordsPause();
      let sawStop = false;
      for await (const raw of stream) {
        if (signal.aborted) break;
        streamStarted = true;
        if (raw.type === 'message_stop') sawStop = true;
        message.add(raw);
        const event = mapAnthropicEvent(raw, requestId);
        if (!event) continue;
        onEvent(event);
        const pause = firstWords.after(event);
        if (pause) await pause;
      }
      if (signal.aborted) throw abortedError();
      if (!sawStop) throw incompleteError();
      onEvent({ type: 'messageComplete', ...message.final() });
    } catch (error) {
      if (signal.aborted) throw abortedError();
      throw networkErrorOf(error, this.host) ?? mapAnthropicError(error, this.errorContext(streamStarted, request.model, request.stream ? this.timeoutMs : NON_STREAMING_TIMEOUT_MS));
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      const page = await this.client.models.list({ limit: 100 }, { signal });
      return page.data.map((m) => ({ id: m.id, displayName: m.display_name, createdAt: m.created_at }));
    } catch (error) {
      throw networkErrorOf(error, this.host) ?? mapAnthropicError(error, this.errorContext(false, '', this.timeoutMs));
    }
  }

  private errorContext(streamStarted: boolean, model: string, timeoutMs: number): ErrorContext {
    return { streamStarted, model, host: this.host, keyFromEnvironment: this.options.keyFromEnvironment ?? false, timeoutMs };
  }
}
