/**
 * The entries of the model picker: "Default (…)" first — the model an empty setting resolves to —
 * then every listed model, newest first, the current choice marked. Pure, so the list is
 * unit-tested; the QuickPick itself lives in `commands/chooseModel.ts`.
 */
import type { ModelInfo } from './chatProvider';
import { chooseDefaultModel, chooseEndpointModel, settingsFallbackModel, type ModelSettings } from './modelChoice';

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

/** What the picker's "Default" entry stands for: the model an empty setting resolves to, and why. */
export interface PickerDefault {
  /** '' when nothing would be chosen (an endpoint that lists no models and has no preset). */
  readonly model: string;
  readonly label: string;
  /** Shown when the default is not the current choice. */
  readonly follows: string;
}

/**
 * The Default entry for the selected provider: Anthropic's newest Sonnet; for an OpenAI-compatible
 * endpoint the same rule as its requests (`settingsFallbackModel`), else the newest model it lists.
 */
export function pickerDefault(settings: ModelSettings, models: readonly ModelInfo[]): PickerDefault {
  if (settings.provider !== 'openai-compatible') {
    const model = chooseDefaultModel(models);
    return { model, label: defaultEntryLabel(model), follows: 'follows the Models API' };
  }
  const fallback = settingsFallbackModel(settings);
  if (fallback?.source === 'preset') return { model: fallback.model, label: `Default (preset): ${fallback.model}`, follows: 'this endpoint’s preset model' };
  if (fallback) return { model: fallback.model, label: `Default (inkwell.model): ${fallback.model}`, follows: 'follows inkwell.model' };
  const listed = chooseEndpointModel(models) ?? '';
  return { model: listed, label: `Default (newest listed): ${listed || 'none'}`, follows: 'follows the endpoint’s model list' };
}

/**
 * `setting` is the model setting as the user wrote it ('' when empty); `defaultModel` the Default
 * entry (Anthropic's rule when not given). A setting naming a model the
 * API does not list (a proxy alias, a retired id) is kept as an entry of its own, so the picker
 * never hides what is configured.
 */
export function modelPickEntries(models: readonly ModelInfo[], setting: string, defaultModel: PickerDefault = pickerDefault({ provider: 'anthropic', model: '', openaiModel: '', openaiBaseUrl: '' }, models)): ModelPickEntry[] {
  const current = setting.trim();
  const sorted = models
    .map((model, order) => ({ model, order }))
    .sort((a, b) => (b.model.createdAt ?? '').localeCompare(a.model.createdAt ?? '') || a.order - b.order)
    .map((entry) => entry.model);
  const entries: ModelPickEntry[] = [
    { label: defaultModel.label, description: current === '' ? 'current' : defaultModel.follows, value: '', current: current === '' },
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
