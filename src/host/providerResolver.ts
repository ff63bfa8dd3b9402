/**
 * Builds the provider for the next request from the current settings and key. The client is
 * reused while provider, key and base URL stay the same; the default model is asked of the
 * Models API once per client and cached, with a fallback when the API cannot say.
 */
import * as vscode from 'vscode';
import type { ChatProvider } from '../core/chatProvider';
import { InkwellError, missingKeyError } from '../core/errors';
import { chooseDefaultModel, FALLBACK_MODEL } from '../core/modelChoice';
import { loadProviderModules } from './loadProviderModules';
import type { ResolvedProvider } from '../chat/chatController';
import { providerSecretId, type ApiKeyStore } from './apiKeyStore';
import { readSettings, type InkwellSettings } from './settings';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

interface CachedClient {
  readonly identity: string;
  readonly provider: ChatProvider;
  defaultModel?: Promise<string>;
}

export class ProviderResolver {
  private cached: CachedClient | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  async resolve(): Promise<ResolvedProvider> {
    const settings = readSettings();
    const { identity, create, model } = settings.provider === 'openai-compatible' ? await this.openai(settings) : await this.anthropic(settings);
    // The identity holds the key only inside this private cache, never in logs.
    if (this.cached?.identity !== identity) {
      const provider = await create();
      // Another resolve may have finished first while the SDKs loaded; the newest identity wins.
      if (this.cached?.identity !== identity) this.cached = { identity, provider };
    }
    const cached = this.cached;
    const chosen = model || (await (cached.defaultModel ??= this.defaultModel(cached)));
    return {
      provider: cached.provider,
      model: chosen,
      maxTokens: settings.maxTokens,
      stream: settings.stream,
      promptCaching: settings.promptCaching,
    };
  }

  /** Forget the client (key or settings changed). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async anthropic(settings: InkwellSettings) {
    const key = await this.keys.get();
    if (!key) throw missingKeyError();
    return {
      identity: `anthropic\u0000${settings.anthropicBaseUrl}\u0000${settings.idleTimeoutMs}\u0000${key.key}`,
      model: settings.model,
      create: async () =>
        new (await loadProviderModules()).AnthropicProvider({
          apiKey: key.key,
          baseUrl: settings.anthropicBaseUrl,
          keyFromEnvironment: key.source !== 'secretStorage',
          idleTimeoutMs: settings.idleTimeoutMs,
        }),
    };
  }

  private async openai(settings: InkwellSettings) {
    if (!settings.openaiBaseUrl) {
      throw new InkwellError('badRequest', 'No endpoint configured', 'Set “inkwell.openai.baseUrl” to the OpenAI-compatible endpoint, e.g. https://api.openai.com/v1.', [
        { id: 'openBaseUrlSetting', label: 'Set Base URL' },
      ]);
    }
    // Local servers need no key; a missing key that the endpoint wants comes back as a 401 with the Set API Key action.
    const apiKey = (await this.secrets.get(providerSecretId(settings.openaiBaseUrl))) ?? '';
    return {
      identity: `openai\u0000${settings.openaiBaseUrl}\u0000${settings.idleTimeoutMs}\u0000${apiKey}`,
      model: settings.openaiModel || settings.model,
      create: async () => new (await loadProviderModules()).OpenAICompatibleProvider({ apiKey, baseUrl: settings.openaiBaseUrl, idleTimeoutMs: settings.idleTimeoutMs }),
    };
  }

  private async defaultModel(cached: CachedClient): Promise<string> {
    try {
      const model = chooseDefaultModel(await cached.provider.listModels(AbortSignal.timeout(10_000)));
      this.log.info(`default model from the Models API: ${model}`);
      return model;
    } catch (error) {
      // Not cached: the next turn asks again (the network may be back).
      cached.defaultModel = undefined;
      this.log.warn(`Models API unavailable (${error instanceof Error ? error.message : String(error)}); using ${FALLBACK_MODEL}`);
      return FALLBACK_MODEL;
    }
  }
}
