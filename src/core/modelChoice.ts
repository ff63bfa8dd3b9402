/** Which model to use when the setting is empty. */
import type { ModelInfo } from './chatProvider';
import { presetForBaseUrl } from './providerPresets';

/** The settings that choose the model. */
export interface ModelSettings {
  readonly provider: 'anthropic' | 'openai-compatible';
  /** `inkwell.model`. */
  readonly model: string;
  /** `inkwell.openai.model`. */
  readonly openaiModel: string;
  readonly openaiBaseUrl: string;
}

/**
 * What an empty `inkwell.openai.model` falls back to before any list is asked: a known endpoint's
 * own default (it comes before `inkwell.model`, which usually names a Claude model), else
 * `inkwell.model`. Undefined for Anthropic, whose empty setting the Models API decides.
 */
export function settingsFallbackModel(settings: ModelSettings): { readonly model: string; readonly source: 'preset' | 'inkwell.model' } | undefined {
  if (settings.provider !== 'openai-compatible') return undefined;
  const preset = presetForBaseUrl(settings.openaiBaseUrl)?.defaultModel;
  if (preset) return { model: preset, source: 'preset' };
  return settings.model ? { model: settings.model, source: 'inkwell.model' } : undefined;
}

/**
 * The model the settings choose for the selected provider, '' when a model list decides (the
 * Models API, or the endpoint's own list). The requests, the header and the picker all ask this.
 */
export function configuredModel(settings: ModelSettings): string {
  if (settings.provider !== 'openai-compatible') return settings.model;
  return settings.openaiModel || settingsFallbackModel(settings)?.model || '';
}

/** Used when the Models API cannot be asked (offline, a proxy without it): a current, capable model. */
export const FALLBACK_MODEL = 'claude-sonnet-4-6';

/**
 * The newest Sonnet the API lists — the balanced choice for an editor assistant — else the newest
 * model of any family, else the fallback. "Newest" is by `createdAt`, then by the API's order.
 */
export function chooseDefaultModel(models: readonly ModelInfo[]): string {
  const sorted = models
    .map((model, order) => ({ model, order }))
    .sort((a, b) => (b.model.createdAt ?? '').localeCompare(a.model.createdAt ?? '') || a.order - b.order)
    .map((entry) => entry.model);
  return (sorted.find((m) => /sonnet/i.test(m.id)) ?? sorted[0])?.id ?? FALLBACK_MODEL;
}

/**
 * For an OpenAI-compatible endpoint without a model setting: the newest model it lists (a local
 * server lists what was pulled or downloaded), else none — a Claude fallback would only earn a 404.
 */
export function chooseEndpointModel(models: readonly ModelInfo[]): string | undefined {
  const dated = models.filter((m) => m.createdAt);
  const newest = [...dated].sort((a, b) => b.createdAt!.localeCompare(a.createdAt!))[0];
  return (newest ?? models[0])?.id;
}
