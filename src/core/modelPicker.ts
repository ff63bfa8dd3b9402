/**
 * The entries of the model picker: "Default (…)" first — the model an empty setting resolves to —
 * then every listed model, newest first, the current choice marked. Pure, so the list is
 * unit-tested; the QuickPick itself lives in `commands/chooseModel.ts`.
 */
import type { ModelInfo } from './chatProvider';
import { chooseDefaultModel } from './modelChoice';

export interface ModelPickEntry {
  readonly label: string;
  readonly description?: string;
  /** The setting value this entry writes: '' for the default (the setting is removed). */
  readonly value: string;
  /** The entry matching the setting as it is now. */
  readonly current: boolean;
}

/** "Default (newest Sonnet): claude-sonnet-4-6" — what an empty setting means, with the model it resolves to. */
export function defaultEntryLabel(defaultModel: string): string {
  return `Default (${/sonnet/i.test(defaultModel) ? 'newest Sonnet' : 'newest model'}): ${defaultModel}`;
}

/**
 * `setting` is the model setting as the user wrote it ('' when empty). A setting naming a model the
 * API does not list (a proxy alias, a retired id) is kept as an entry of its own, so the picker
 * never hides what is configured.
 */
export function modelPickEntries(models: readonly ModelInfo[], setting: string): ModelPickEntry[] {
  const current = setting.trim();
  const sorted = models
    .map((model, order) => ({ model, order }))
    .sort((a, b) => (b.model.createdAt ?? '').localeCompare(a.model.createdAt ?? '') || a.order - b.order)
    .map((entry) => entry.model);
  const entries: ModelPickEntry[] = [
    { label: defaultEntryLabel(chooseDefaultModel(models)), description: current === '' ? 'current' : 'follows the Models API', value: '', current: current === '' },
  ];
  for (const model of sorted) {
    const isCurrent = model.id === current;
    const name = model.displayName && model.displayName !== model.id ? model.displayName : undefined;
    entries.push({ label: model.id, description: [name, isCurrent ? 'current' : undefined].filter(Boolean).join(' · ') || undefined, value: model.id, current: isCurrent });
  }
  if (current !== '' && !sorted.some((m) => m.id === current)) {
    entries.splice(1, 0, { label: current, description: 'current · not listed by the Models API', value: current, current: true });
  }
  return entries;
}
