/**
 * Builds the provider for the next request from the current settings and key. The client is
 * reused while provider, key and base URL stay the same; the default model is asked of the
 * Models API once per client and cached, with a fallback when the API cannot say.
 */
import * as vscode from 'vscode';
import type { ChatProvider } from '../core/chatProvider';
import { ACTIONS, InkwellError, missingKeyError } from '../core/errors';
import { chooseDefaultModel, chooseEndpointModel, configuredModel, FALLBACK_MODEL } from '../core/modelChoice';
import { capabilitiesFor, capabilityNotes, type EndpointCapabilities } from '../core/providerPresets';
import { loadProviderModules } from './loadProviderModules';
import type { ResolvedProvider } from '../chat/chatController';
import { providerSecretId, type ApiKeyStore } from './apiKeyStore';
import { readSettings, type InkwellSettings } from './settings';
import { readNetworkSettings, type NetworkSettings } from './networkSettings';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

interface CachedClient {
  readonly identity: string;
  readonly provider: ChatProvider;
  /** Asks the Models API for a model when the settings name none. */
  readonly pickModel: (cached: CachedClient) => Promise<string>;
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
    const openai = settings.provider === 'openai-compatible';
    const network = readNetworkSettings();
    const { identity, create, pickModel, extra } = openai ? await this.openai(settings, network) : await this.anthropic(settings, network);
    // The identity holds the key only inside this private cache, never in logs.
    if (this.cached?.identity !== identity) {
      const provider = await create();
      // Another resolve may have finished first while the SDKs loaded; the newest identity wins.
      if (this.cached?.identity !== identity) this.cached = { identity, provider, pickModel };
    }
    const cached = this.cached;
    // The same rule as the header's and the picker's (a known endpoint's preset model included).
    const chosen = configuredModel(settings) || (await (cached.defaultModel ??= cached.pickModel(cached)));
    return {
      provider: cached.provider,
      model: chosen,
      maxTokens: settings.maxTokens,
      stream: settings.stream,
      promptCaching: settings.promptCaching,
      ...extra,
      thinkingBudget: settings.thinkingBudget,
      maxRetries: settings.maxRetries,
      logContent: settings.logContent,
    };
  }

  /** What the OpenAI-compatible endpoint in the settings supports; undefined while Anthropic is selected. */
  endpointCapabilities(settings: InkwellSettings = readSettings()): EndpointCapabilities | undefined {
    if (settings.provider !== 'openai-compatible' || !settings.openaiBaseUrl) return undefined;
    return capabilitiesFor(settings.openaiBaseUrl, settings.openaiCapabilities.overrides);
  }

  /** The header's notes: what the selected endpoint cannot do. */
  endpointNotes(): string[] {
    const settings = readSettings();
    const capabilities = this.endpointCapabilities(settings);
    return capabilities ? capabilityNotes(capabilities, settings.stream) : [];
  }

  /** Forget the client (key or settings changed). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async anthropic(settings: InkwellSettings, network: NetworkSettings) {
    const key = await this.keys.get();
    if (!key) throw missingKeyError();
    const headers = settings.anthropicHeaders.headers;
    return {
      identity: `anthropic\u0000${settings.anthropicBaseUrl}\u0000${settings.idleTimeoutMs}\u0000${JSON.stringify(headers)}\u0000${network.identity}\u0000${key.key}`,
      pickModel: (cached: CachedClient) => this.defaultModel(cached),
      extra: {},
      create: async () =>
        new (await loadProviderModules()).AnthropicProvider({
          apiKey: key.key,
          baseUrl: settings.anthropicBaseUrl,
          keyFromEnvironment: key.source !== 'secretStorage',
          idleTimeoutMs: settings.idleTimeoutMs,
          ...(Object.keys(headers).length > 0 ? { defaultHeaders: { ...headers } } : {}),
          fetch: network.createFetch((line) => this.log.info(line)),
        }),
    };
  }

  private async openai(settings: InkwellSettings, network: NetworkSettings) {
    if (!settings.openaiBaseUrl) {
      throw new InkwellError('badRequest', 'No endpoint configured', 'Set “inkwell.openai.baseUrl” to the OpenAI-compatible endpoint, e.g. https://api.openai.com/v1.', [
        { id: 'openBaseUrlSetting', label: 'Set Base URL' },
      ]);
    }
    // Local servers need no key; a missing key that the endpoint wants comes back as a 401 with the Set API Key action.
    const apiKey = (await this.secrets.get(providerSecretId(settings.openaiBaseUrl))) ?? '';
    const capabilities = capabilitiesFor(settings.openaiBaseUrl, settings.openaiCapabilities.overrides);
    const { toolUse, streamUsage, promptCaching } = capabilities;
    return {
      identity: `openai\u0000${settings.openaiBaseUrl}\u0000${settings.idleTimeoutMs}\u0000${toolUse}${streamUsage}${promptCaching}\u0000${network.identity}\u0000${apiKey}`,
      pickModel: (cached: CachedClient) => this.endpointModel(cached, capabilities.modelsList),
      extra: { editTool: toolUse, settingsPricesOnly: true },
      create: async () =>
        new (await loadProviderModules()).OpenAICompatibleProvider({
          apiKey,
          baseUrl: settings.openaiBaseUrl,
          idleTimeoutMs: settings.idleTimeoutMs,
          capabilities: { toolUse, streamUsage, promptCaching },
          fetch: network.createFetch((line) => this.log.info(line)),
        }),
    };
  }

  /** The newest model an OpenAI-compatible endpoint lists; without one there is nothing sensible to guess. */
  private async endpointModel(cached: CachedClient, modelsList: boolean): Promise<string> {
    let listed: string | undefined;
    if (modelsList) {
      try {
        listed = chooseEndpointModel(await cached.provider.listModels(AbortSignal.timeout(10_000)));
      } catch (error) {
        this.log.warn(`the endpoint's model list is unavailable (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (listed) {
      this.log.info(`default model from the endpoint's model list: ${listed}`);
      return listed;
    }
    // Not cached: the next turn asks again (a local server may have been started meanwhile).
    cached.defaultModel = undefined;
    throw new InkwellError(
      'modelNotFound',
      'No model chosen',
      `Set “inkwell.openai.model” to a model this endpoint serves${modelsList ? '; its model list was empty or could not be read' : ''}.`,
      [ACTIONS.openModelSetting],
    );
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
