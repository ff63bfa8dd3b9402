// One recorded POST /v1/messages and the lifetime of its response: when the first body byte went
// out, and how it ended — finished by the server, abandoned by the client (Stop), or dropped by a
// scenario. Tests use the outcome to prove that cancelling really closes the upstream request.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseSink } from './sseWriter';

export type ExchangeOutcome = 'completed' | 'client-closed' | 'server-dropped';

export interface RecordedRequest {
  /** Position in `requests` (0-based; restarts after reset). */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (the raw text when it was not JSON). */
  readonly body: any;
  /** Scenario that answered, or `rejected:<error type>` when auth or validation refused the request. */
  readonly scenario: string;
  /** The scenario's parameter (`long-markdown:4096` → "4096"), if any. */
  readonly scenarioParam?: string;
  /** The `request-id` header of the response. */
  readonly requestId: string;
  readonly receivedAt: number;
  firstByteAt?: number;
  /**
   * How the exchange ended: 'completed' (server finished), 'client-closed' (the client closed the
   * socket before the server finished — e.g. Stop), 'server-dropped' (the scenario destroyed the socket).
   */
  outcome?: ExchangeOutcome;
  endedAt?: number;
  /**
   * Messages API: the usage the answer reports once complete (the final `message_delta`, or the
   * whole Message's usage); absent for HTTP errors, refused requests and the OpenAI endpoint.
   */
  reportedUsage?: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };
  readonly ended: Promise<ExchangeOutcome>;
}

/** A RecordedRequest as the control API serialises it (promises do not survive JSON). */
export type RecordedRequestJson = Omit<RecordedRequest, 'ended'>;

export interface RecordFields {
  readonly index: number;
  readonly request: IncomingMessage;
  readonly path: string;
  readonly body: unknown;
  readonly scenario: string;
  readonly scenarioParam: string | undefined;
  readonly requestId: string;
  readonly receivedAt: number;
}

/** Tracks a response: implements the writer's sink and fills in the record as the response ends. */
export class TrackedExchange implements ResponseSink {
  readonly record: RecordedRequest;
  #isClosed = false;
  /** Settles when the response closes, however that happens. */
  readonly #closed: Promise<void>;
  #droppedByServer = false;
  readonly #closeListeners = new Set<() => void>();
  #lastFlush: Promise<void> = Promise.resolve();

  constructor(
    private readonly response: ServerResponse,
    fields: RecordFields,
    isServerClosing: () => boolean,
  ) {
    let settle!: (outcome: ExchangeOutcome) => void;
    const ended = new Promise<ExchangeOutcome>((resolve) => (settle = resolve));
    const record: RecordedRequest = {
      index: fields.index,
      method: fields.request.method ?? 'POST',
      path: fields.path,
      headers: { ...fields.request.headers },
      body: fields.body,
      scenario: fields.scenario,
      ...(fields.scenarioParam !== undefined ? { scenarioParam: fields.scenarioParam } : {}),
      requestId: fields.requestId,
      receivedAt: fields.receivedAt,
    } as RecordedRequest;
    // Not enumerable, so the record serialises cleanly for the control API.
    Object.defineProperty(record, 'ended', { value: ended, enumerable: false });
    this.record = record;

    let markClosed!: () => void;
    this.#closed = new Promise((resolve) => (markClosed = resolve));
    response.once('close', () => {
      this.#isClosed = true;
      markClosed();
      const outcome: ExchangeOutcome = response.writableFinished
        ? 'completed'
        : this.#droppedByServer || isServerClosing()
          ? 'server-dropped'
          : 'client-closed';
      record.outcome = outcome;
      record.endedAt = Date.now();
      for (const listener of this.#closeListeners) listener();
      this.#closeListeners.clear();
      settle(outcome);
    });
  }

  get open(): boolean {
    return !this.#isClosed && !this.response.destroyed;
  }

  writeHead(status: number, headers: Record<string, string>): void {
    if (this.open) this.response.writeHead(status, headers);
  }

  flushHeaders(): void {
    if (this.open) this.response.flushHeaders();
  }

  write(chunk: Buffer): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.#noteFirstByte();
    let accepted = true;
    this.#lastFlush = new Promise((resolve) => {
      accepted = this.response.write(chunk, () => resolve());
    });
    if (accepted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.#closeListeners.delete(done);
        resolve();
      };
      this.response.on('drain', done);
      this.#closeListeners.add(done);
    });
  }

  pause(ms: number): Promise<void> {
    if (!this.open) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#closeListeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#closeListeners.add(done);
    });
  }

  /** Sends a complete body (JSON error or Message) and finishes the response. */
  sendJson(status: number, body: unknown, headers: Record<string, string>): void {
    if (!this.open) return;
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    this.response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) });
    this.#noteFirstByte();
    this.response.end(bytes);
  }

  /**
   * Resolves once everything written so far has reached the socket (or the exchange closed), so a
   * drop that follows cuts the stream exactly there rather than discarding buffered events.
   */
  flush(): Promise<void> {
    return this.open ? Promise.race([this.#lastFlush, this.#closed]) : Promise.resolve();
  }

  drop(): void {
    this.#droppedByServer = true;
    this.response.socket?.destroy();
    this.response.destroy();
  }

  end(): void {
    if (this.open) this.response.end();
  }

  #noteFirstByte(): void {
    this.record.firstByteAt ??= Date.now();
  }
}
