/** Reads the `inkwell.*` settings, with the defaults the manifest declares. */
import * as vscode from 'vscode';
import { SETTINGS, SETTINGS_SECTION } from '../shared/contributions';
import { parsePriceOverrides, type ParsedPriceOverrides } from '../core/usage/prices';
import { parseCapabilityOverrides, type ParsedCapabilityOverrides } from '../core/providerPresets';
import { parseExtraHeaders, type ParsedHeaders } from '../core/extraHeaders';
import { affectsNetwork } from './networkSettings';
import { DEFAULT_MAX_RETRIES } from '../core/retryPolicy';

/** The manifest's bounds for `inkwell.maxRetries`; a hand-edited value outside them is clamped. */
const MAX_RETRIES_LIMIT = 10;

function retriesSetting(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_RETRIES_LIMIT, Math.max(0, Math.floor(value))) : DEFAULT_MAX_RETRIES;
}

export interface InkwellSettings {
  readonly provider: 'anthropic' | 'openai-compatible';
  readonly model: string;
  readonly maxTokens: number;
  readonly stream: boolean;
  readonly anthropicBaseUrl: string;
  readonly promptCaching: boolean;
  readonly openaiBaseUrl: string;
  readonly openaiModel: string;
  readonly idleTimeoutMs: number;
  /** `inkwell.anthropic.headers`, validated: sent on every Anthropic request. */
  readonly anthropicHeaders: ParsedHeaders;
  /** `inkwell.openai.capabilities`, validated: overrides what the endpoint is assumed to support. */
  readonly openaiCapabilities: ParsedCapabilityOverrides;
  /** Extended-thinking budget in tokens, 0 = off; checked against maxTokens when a request is built. */
  readonly thinkingBudget: number;
  readonly maxRetries: number;
  readonly logContent: boolean;
}

export function readSettings(): InkwellSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const maxTokens = config.get<number>(SETTINGS.maxTokens.key, 8192);
  return {
    provider: config.get(SETTINGS.provider.key, 'anthropic'),
    model: config.get<string>(SETTINGS.model.key, '').trim(),
    maxTokens: Number.isFinite(maxTokens) && maxTokens >= 1 ? Math.floor(maxTokens) : 8192,
    stream: config.get<boolean>(SETTINGS.stream.key, true),
    anthropicBaseUrl: config.get<string>(SETTINGS.anthropicBaseUrl.key, '').trim(),
    promptCaching: config.get<boolean>(SETTINGS.promptCaching.key, true),
    openaiBaseUrl: config.get<string>(SETTINGS.openaiBaseUrl.key, '').trim(),
    openaiModel: config.get<string>(SETTINGS.openaiModel.key, '').trim(),
    idleTimeoutMs: Math.max(0, config.get<number>(SETTINGS.idleTimeoutSeconds.key, 60)) * 1000,
    anthropicHeaders: parseExtraHeaders(config.get<unknown>(SETTINGS.anthropicHeaders.key)),
    openaiCapabilities: parseCapabilityOverrides(config.get<unknown>(SETTINGS.openaiCapabilities.key)),
    thinkingBudget: config.get<number>(SETTINGS.thinkingBudget.key, 0),
    maxRetries: retriesSetting(config.get<number>(SETTINGS.maxRetries.key, DEFAULT_MAX_RETRIES)),
    logContent: config.get<boolean>(SETTINGS.debugLogContent.key, false) === true,
  };
}

/** Inkwell's settings, or VS Code's `http.*` ones it follows (proxy, noProxy, strictSSL). */
export function affectsInkwell(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION) || affectsNetwork(event);
}

/** Opens the Settings editor on one `inkwell` setting. */
export function openSetting(key: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.${key}`);
}

/** The user's price table over the built-in one; entries that are not valid are reported, not guessed. */
export function readPriceOverrides(): ParsedPriceOverrides {
  return parsePriceOverrides(vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(SETTINGS.modelPrices.key));
}

/** The model setting that applies to the selected provider: `inkwell.openai.model` for OpenAI-compatible endpoints. */
export function modelSettingKey(settings: InkwellSettings): string {
  return settings.provider === 'openai-compatible' ? SETTINGS.openaiModel.key : SETTINGS.model.key;
}
