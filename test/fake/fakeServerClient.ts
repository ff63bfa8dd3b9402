// Drives a fake Anthropic server in another process (e.g. from tests inside a VS Code extension
// host) through its /__fake/ control API, using only the global fetch.

import type { ExchangeOutcome, RecordedRequestJson } from './exchange';

export type { RecordedRequestJson } from './exchange';

const POLL_INTERVAL_MS = 50;

export class FakeServerClient {
  readonly url: string;

  /** `url` is the server's base URL, as cli.ts prints it. */
  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
  }

  /** The next model requests (either API) use these scenarios (`name` or `name:param`), in order. */
  async enqueue(...names: string[]): Promise<void> {
    await this.#call('POST', '/__fake/enqueue', { scenarios: names });
  }

  /** Every model request (POST /v1/messages or …/chat/completions) recorded since the last reset, in order. */
  async requests(): Promise<RecordedRequestJson[]> {
    return (await this.#call('GET', '/__fake/requests')) as RecordedRequestJson[];
  }

  /** Clears the scenario queue and the recorded requests. */
  async reset(): Promise<void> {
    await this.#call('POST', '/__fake/reset', {});
  }

  /** Resolves with all recorded requests once at least `count` have arrived. */
  async waitForRequests(count: number, timeoutMs = 5000): Promise<RecordedRequestJson[]> {
    return this.#poll(timeoutMs, `${count} request(s)`, (requests) => requests.length >= count);
  }

  /** Resolves with request `index` once its response has ended (completed, client-closed, server-dropped). */
  async waitForOutcome(index: number, timeoutMs = 5000): Promise<RecordedRequestJson & { outcome: ExchangeOutcome }> {
    const requests = await this.#poll(timeoutMs, `an outcome for request ${index}`, (all) => all[index]?.outcome !== undefined);
    return requests[index] as RecordedRequestJson & { outcome: ExchangeOutcome };
  }

  async #poll(timeoutMs: number, what: string, done: (requests: RecordedRequestJson[]) => boolean): Promise<RecordedRequestJson[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const requests = await this.requests();
      if (done(requests)) return requests;
      if (Date.now() >= deadline) {
        const seen = requests.map((r) => `${r.scenario}${r.outcome ? `(${r.outcome})` : ''}`).join(', ') || 'none';
        throw new Error(`waited ${timeoutMs} ms for ${what} at ${this.url}; recorded: ${seen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  async #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} failed with ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }
}
