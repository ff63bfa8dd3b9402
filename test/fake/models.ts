// The model catalogue the fake serves. Ids come from the Model union in @anthropic-ai/sdk 1.10.0
// (resources/messages/messages.ts), which lists the newest first; release dates for models the SDK
// gives no date for are placeholders that keep that order, so "newest model" logic sees the same
// ranking as against the real API.

export interface FakeModel {
  readonly id: string;
  readonly display_name: string;
  /** RFC 3339 release time; the list is sorted newest first by this. */
  readonly created_at: string;
  /** Other ids the Messages API accepts for the same model (undated aliases). */
  readonly aliases: readonly string[];
  readonly lifecycle: 'active' | 'deprecated';
  readonly retires_at: string | null;
}

/** A model id that exists only here, for tests that must not depend on real model names. */
export const FAKE_TEST_MODEL = 'claude-fake-1';

function model(
  id: string,
  displayName: string,
  createdAt: string,
  aliases: readonly string[] = [],
  retiresAt: string | null = null,
): FakeModel {
  return {
    id,
    display_name: displayName,
    created_at: `${createdAt}T00:00:00Z`,
    aliases,
    lifecycle: retiresAt ? 'deprecated' : 'active',
    retires_at: retiresAt ? `${retiresAt}T00:00:00Z` : null,
  };
}

export const FAKE_MODELS: readonly FakeModel[] = [
  model('claude-fable-5-2', 'Claude Fable 5.2', '2026-10-14'),
  model('claude-mythos-5-2', 'Claude Mythos 5.2', '2026-10-07'),
  model('claude-haiku-5-5', 'Claude Haiku 5.5', '2026-09-30'),
  model('claude-sonnet-5-5', 'Claude Sonnet 5.5', '2026-09-23'),
  model('claude-fable-5-1', 'Claude Fable 5.1', '2026-09-09'),
  model('claude-opus-5-5', 'Claude Opus 5.5', '2026-08-26'),
  model('claude-mythos-5-1', 'Claude Mythos 5.1', '2026-08-12'),
  model('claude-sonnet-5', 'Claude Sonnet 5', '2026-07-22'),
  model('claude-fable-5', 'Claude Fable 5', '2026-07-08'),
  model('claude-mythos-5', 'Claude Mythos 5', '2026-06-24'),
  model('claude-opus-5', 'Claude Opus 5', '2026-06-10'),
  model('claude-opus-4-8', 'Claude Opus 4.8', '2026-05-13'),
  model('claude-opus-4-7', 'Claude Opus 4.7', '2026-04-15'),
  model('claude-mythos-preview', 'Claude Mythos Preview', '2026-03-25'),
  model('claude-opus-4-6', 'Claude Opus 4.6', '2026-02-05'),
  model('claude-sonnet-4-6', 'Claude Sonnet 4.6', '2026-01-28'),
  model('claude-opus-4-5-20251101', 'Claude Opus 4.5', '2025-11-24', ['claude-opus-4-5']),
  model('claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-15', ['claude-haiku-4-5']),
  model('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29', ['claude-sonnet-4-5'], '2026-11-30'),
  model(FAKE_TEST_MODEL, 'Claude Fake 1 (test model)', '2024-01-01'),
];

/** Every id the Messages API of the fake accepts: listed ids plus their aliases. */
export const KNOWN_MODEL_IDS: ReadonlySet<string> = new Set(FAKE_MODELS.flatMap((m) => [m.id, ...m.aliases]));

export function findModel(id: string): FakeModel | undefined {
  return FAKE_MODELS.find((m) => m.id === id || m.aliases.includes(id));
}

const MODEL_LINES = ['haiku', 'sonnet', 'opus', 'fable', 'mythos'] as const;

/** One model as `GET /v1/models` shows it (the ModelInfo shape; capability details left null). */
export function modelInfoJson(m: FakeModel): Record<string, unknown> {
  return {
    type: 'model',
    id: m.id,
    display_name: m.display_name,
    created_at: m.created_at,
    lifecycle: m.lifecycle,
    deprecated_at: m.lifecycle === 'deprecated' ? '2026-05-30T00:00:00Z' : null,
    retires_at: m.retires_at,
    line: MODEL_LINES.find((line) => m.id.startsWith(`claude-${line}-`)) ?? null,
    max_input_tokens: 200_000,
    max_tokens: 64_000,
    capabilities: null,
  };
}

/**
 * A page of `GET /v1/models`, honouring `limit` (default 20, max 1000), `after_id` and
 * `before_id` like the real cursor pagination.
 */
export function modelsPageJson(query: URLSearchParams): Record<string, unknown> {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 20) || 20, 1), 1000);
  let models = [...FAKE_MODELS];
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  if (afterId) models = models.slice(models.findIndex((m) => m.id === afterId) + 1);
  if (beforeId) {
    const end = models.findIndex((m) => m.id === beforeId);
    models = models.slice(Math.max(0, end - limit), Math.max(0, end));
  }
  const page = models.slice(0, limit);
  return {
    data: page.map(modelInfoJson),
    has_more: models.length > page.length,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  };
}
