// Decides which scenario answers a request: the immediate retry of a `retriedOnce` scenario first
// (so a retry neither needs a marker nor consumes the queue), then the enqueue queue, then a
// `[[scenario:NAME]]` marker in the last user message, then the defaults.

import { DEFAULT_SCENARIO, SCENARIOS, TOOL_RESULT_SCENARIO } from './scenarios';

export interface ScenarioChoice {
  readonly name: string;
  readonly param: string | undefined;
  readonly attempt: number;
  readonly source: 'retry' | 'queue' | 'marker' | 'default';
}

const MARKER = /\[\[scenario:([A-Za-z0-9_-]+)(?::([^\]]*))?\]\]/;

/** Splits `name:param` (as enqueued or written in a marker) and checks the name exists. */
export function parseScenarioSpec(spec: string): { name: string; param: string | undefined } {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const param = colon < 0 ? undefined : spec.slice(colon + 1);
  if (!Object.hasOwn(SCENARIOS, name)) {
    throw new Error(`unknown scenario '${name}'; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  return { name, param };
}

export class ScenarioSelector {
  #queue: { name: string; param: string | undefined }[] = [];
  /** The last request, if its scenario wants its immediate identical successor treated as a retry. */
  #retryCandidate: { choice: ScenarioChoice; body: string } | undefined;

  /** Throws, queuing nothing, if any name is unknown. */
  enqueue(specs: readonly string[]): void {
    const parsed = specs.map(parseScenarioSpec);
    this.#queue.push(...parsed);
  }

  get queued(): readonly string[] {
    return this.#queue.map(({ name, param }) => (param === undefined ? name : `${name}:${param}`));
  }

  reset(): void {
    this.#queue = [];
    this.#retryCandidate = undefined;
  }

  /**
   * Chooses the scenario for a request whose raw body is `rawBody` and whose last user message is
   * `lastUser`. Throws for a marker naming an unknown scenario: a typo in a test must be loud.
   */
  choose(rawBody: string, lastUser: { text: string; hasToolResults: boolean }): ScenarioChoice {
    const candidate = this.#retryCandidate;
    this.#retryCandidate = undefined;
    let choice: ScenarioChoice;
    if (candidate && candidate.body === rawBody) {
      choice = { ...candidate.choice, attempt: candidate.choice.attempt + 1, source: 'retry' };
    } else {
      choice = this.#chooseFresh(lastUser);
    }
    if (SCENARIOS[choice.name]?.retriedOnce && choice.attempt === 1) {
      this.#retryCandidate = { choice, body: rawBody };
    }
    return choice;
  }

  #chooseFresh(lastUser: { text: string; hasToolResults: boolean }): ScenarioChoice {
    const queued = this.#queue.shift();
    if (queued) return { ...queued, attempt: 1, source: 'queue' };
    const marker = MARKER.exec(lastUser.text);
    if (marker) {
      const spec = marker[2] === undefined ? marker[1]! : `${marker[1]}:${marker[2]}`;
      return { ...parseScenarioSpec(spec), attempt: 1, source: 'marker' };
    }
    const name = lastUser.text.trim() === '' && lastUser.hasToolResults ? TOOL_RESULT_SCENARIO : DEFAULT_SCENARIO;
    return { name, param: undefined, attempt: 1, source: 'default' };
  }
}
