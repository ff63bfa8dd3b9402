/**
 * Builds the provider for the next request from the current settings and key. The client is
 * reused while key and base URL stay the same; the default model is asked of the Models API once
 * per client and cached, with a fallback when the API cannot say.
 */
import { missingKeyError } from '../core/errors';
import { chooseDefaultModel, FALLBACK_MODEL } from '../core/modelChoice';
import { AnthropicProvider } from '../providers/anthropicProvider';
import type { ResolvedProvider } from '../chat/chatController';
import type { ApiKeyStore } from './apiKeyStore';
import { readSettings } from './settings';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export class ProviderResolver {
  private cached: { identity: string; provider: AnthropicProvider; defaultModel?: Promise<string> } | undefined;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: Logger,
  ) {}

  async resolve(): Promise<ResolvedProvider> {
    const settings = readSettings();
    const key = await this.keys.get();
    if (!key) throw missingKeyError();
    // The identity holds the key only inside this closure-private cache, never in logs.
    const identity = `${settings.anthropicBaseUrl}\u0000${key.key}`;
    if (this.cached?.identity !== identity) {
      this.cached = {
        identity,
        provider: new AnthropicProvider({
          apiKey: key.key,
          baseUrl: settings.anthropicBaseUrl,
          keyFromEnvironment: key.source !== 'secretStorage',
        }),
      };
    }
    const cached = this.cached;
    const model = settings.model || (await (cached.defaultModel ??= this.defaultModel(cached.provider)));
    return { provider: cached.provider, model, maxTokens: settings.maxTokens, stream: settings.stream, promptCaching: settings.promptCaching };
  }

  /** Forget the client (key or settings changed). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async defaultModel(provider: AnthropicProvider): Promise<string> {
    try {
      const model = chooseDefaultModel(await provider.listModels(AbortSignal.timeout(10_000)));
      this.log.info(`default model from the Models API: ${model}`);
      return model;
    } catch (error) {
      this.log.warn(`Models API unavailable (${error instanceof Error ? error.message : String(error)}); using ${FALLBACK_MODEL}`);
      return FALLBACK_MODEL;
    }
  }
}
