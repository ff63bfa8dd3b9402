// The model catalogue of the fake's OpenAI-compatible endpoint: a few models of its own plus the
// Claude models, as a gateway that serves Claude through Chat Completions would list them.

import { FAKE_MODELS } from './models';

/** A model id that exists only here, for OpenAI-path tests that must not depend on real names. */
export const OPENAI_FAKE_TEST_MODEL = 'gpt-fake-1';

export interface OpenAIFakeModel {
  readonly id: string;
  /** Unix seconds, as the API reports it. */
  readonly created: number;
  readonly owned_by: string;
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export const OPENAI_FAKE_MODELS: readonly OpenAIFakeModel[] = [
  { id: OPENAI_FAKE_TEST_MODEL, created: seconds('2024-01-01T00:00:00Z'), owned_by: 'inkwell-fake' },
  { id: 'fake-reasoner-1', created: seconds('2025-01-20T00:00:00Z'), owned_by: 'inkwell-fake' },
  ...FAKE_MODELS.map((m) => ({ id: m.id, created: seconds(m.created_at), owned_by: 'anthropic' })),
];

/** Ids the chat endpoint accepts: the listed ones and the Claude aliases. */
export const OPENAI_KNOWN_MODEL_IDS: ReadonlySet<string> = new Set([
  ...OPENAI_FAKE_MODELS.map((m) => m.id),
  ...FAKE_MODELS.flatMap((m) => m.aliases),
]);

export function openAIModelJson(model: OpenAIFakeModel): Record<string, unknown> {
  return { id: model.id, object: 'model', created: model.created, owned_by: model.owned_by };
}

/** `GET /models`: the whole list at once; the API does not paginate it. */
export function openAIModelsListJson(): Record<string, unknown> {
  return { object: 'list', data: OPENAI_FAKE_MODELS.map(openAIModelJson) };
}

export function findOpenAIModel(id: string): OpenAIFakeModel | undefined {
  return OPENAI_FAKE_MODELS.find((m) => m.id === id);
}
