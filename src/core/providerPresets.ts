/**
 * The endpoints Inkwell knows by name: where they live, a model to start with, whether they need
 * a key, and what they can do. Capabilities are recognised from the base URL, so a user who types
 * the URL by hand gets the same behaviour as one who picks the preset. Pure data and functions:
 * the quick pick (`commands/chooseProvider.ts`) and the provider resolver read it.
 */

/** What an OpenAI-compatible endpoint supports; anything `false` is left out of requests or shown as unknown. */
export interface EndpointCapabilities {
  /** Function tools: without them the edit tool is not declared and no edits can be proposed. */
  readonly toolUse: boolean;
  /** Streams the model's reasoning (`reasoning_content` / `reasoning`), shown as thinking. */
  readonly reasoning: boolean;
  /** Reports cached prompt tokens; without it no cache figures are shown. */
  readonly promptCaching: boolean;
  /** Accepts `stream_options.include_usage`: without it a streamed answer's tokens are unknown. */
  readonly streamUsage: boolean;
  /** Lists models at `GET /models`, so an empty model setting can be filled from it. */
  readonly modelsList: boolean;
}

export type PresetId = 'anthropic' | 'openai' | 'gemini' | 'xai' | 'deepseek' | 'openrouter' | 'ollama' | 'lmstudio' | 'custom';

export interface ProviderPreset {
  readonly id: PresetId;
  readonly label: string;
  /** One line for the quick pick. */
  readonly detail: string;
  readonly provider: 'anthropic' | 'openai-compatible';
  /** The base URL written to `inkwell.openai.baseUrl` (OpenAI-compatible presets other than custom). */
  readonly baseUrl?: string;
  /** Written to `inkwell.openai.model` when that is empty; none = the newest model the endpoint lists. */
  readonly defaultModel?: string;
  /** Local servers take any key or none. */
  readonly needsKey: boolean;
  readonly capabilities?: EndpointCapabilities;
  /** Other URLs of the same endpoint, recognised as it. */
  readonly aliases?: readonly string[];
}

const FULL: EndpointCapabilities = { toolUse: true, reasoning: true, promptCaching: true, streamUsage: true, modelsList: true };

/**
 * Custom endpoints (gateways, vLLM, llama.cpp, LiteLLM…): what nearly every Chat Completions
 * server accepts. Reasoning and cache figures are only read, never requested, so assuming them
 * costs nothing; tool use and usage in streams are requested, and `inkwell.openai.capabilities`
 * turns them off for a server that refuses them.
 */
export const CUSTOM_CAPABILITIES: EndpointCapabilities = FULL;

/** Presets in quick-pick order. Base URLs as the providers document them for the OpenAI SDK. */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = Object.freeze([
  { id: 'anthropic', label: 'Anthropic (Claude)', detail: 'The Messages API, or an Anthropic-format proxy set in inkwell.anthropic.baseUrl', provider: 'anthropic', needsKey: true },
  {
    id: 'openai',
    label: 'OpenAI',
    detail: 'api.openai.com',
    provider: 'openai-compatible',
    baseUrl: 'https://api.openai.com/v1',
    defaultModel: 'gpt-5.5',
    needsKey: true,
    // Chat Completions never returns OpenAI's reasoning text.
    capabilities: { ...FULL, reasoning: false },
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    detail: 'Gemini’s OpenAI-compatible endpoint (key from Google AI Studio)',
    provider: 'openai-compatible',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    defaultModel: 'gemini-3.5-flash',
    needsKey: true,
    // Thoughts come back only when asked for with Google's own extra fields, which Inkwell does not send.
    capabilities: { ...FULL, reasoning: false },
  },
  { id: 'xai', label: 'xAI (Grok)', detail: 'api.x.ai', provider: 'openai-compatible', baseUrl: 'https://api.x.ai/v1', defaultModel: 'grok-4.5', needsKey: true, capabilities: FULL },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    detail: 'api.deepseek.com (thinking streams as reasoning_content)',
    provider: 'openai-compatible',
    baseUrl: 'https://api.deepseek.com/v1',
    aliases: ['https://api.deepseek.com'],
    defaultModel: 'deepseek-v4-flash',
    needsKey: true,
    capabilities: FULL,
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    detail: 'openrouter.ai: many vendors’ models behind one key',
    provider: 'openai-compatible',
    baseUrl: 'https://openrouter.ai/api/v1',
    // OpenRouter's own router, which picks a model per request; a stable id that always exists.
    defaultModel: 'openrouter/auto',
    needsKey: true,
    capabilities: FULL,
  },
  {
    id: 'ollama',
    label: 'Ollama (local)',
    detail: 'localhost:11434, no key; the newest model you pulled is used unless you set one',
    provider: 'openai-compatible',
    baseUrl: 'http://localhost:11434/v1',
    aliases: ['http://127.0.0.1:11434/v1'],
    needsKey: false,
    // Local servers report no cached tokens.
    capabilities: { ...FULL, promptCaching: false },
  },
  {
    id: 'lmstudio',
    label: 'LM Studio (local)',
    detail: 'localhost:1234, no key; the newest model you downloaded is used unless you set one',
    provider: 'openai-compatible',
    baseUrl: 'http://localhost:1234/v1',
    aliases: ['http://127.0.0.1:1234/v1'],
    needsKey: false,
    capabilities: { ...FULL, promptCaching: false },
  },
  { id: 'custom', label: 'Custom endpoint…', detail: 'Any OpenAI-compatible Chat Completions URL (gateway, vLLM, llama.cpp, LiteLLM…)', provider: 'openai-compatible', needsKey: true },
]);

/** A base URL reduced to what identifies an endpoint: scheme, host, port and path, no trailing slash, lower-cased host. */
export function normalizeBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim();
  try {
    const url = new URL(trimmed);
    return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

/** The preset whose endpoint `baseUrl` is (any of its URLs), or undefined for a custom endpoint. */
export function presetForBaseUrl(baseUrl: string): ProviderPreset | undefined {
  const wanted = normalizeBaseUrl(baseUrl);
  if (wanted === '') return undefined;
  return PROVIDER_PRESETS.find((p) => p.baseUrl !== undefined && [p.baseUrl, ...(p.aliases ?? [])].some((url) => normalizeBaseUrl(url) === wanted));
}

export function presetById(id: PresetId): ProviderPreset {
  const preset = PROVIDER_PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
}

const CAPABILITY_KEYS = ['toolUse', 'reasoning', 'promptCaching', 'streamUsage', 'modelsList'] as const satisfies readonly (keyof EndpointCapabilities)[];

export interface ParsedCapabilityOverrides {
  readonly overrides: Partial<EndpointCapabilities>;
  /** One sentence per ignored entry, fit to show or log. */
  readonly problems: readonly string[];
}

/** Reads `inkwell.openai.capabilities`: `{ "toolUse": false, … }`; anything but known keys with booleans is reported and ignored. */
export function parseCapabilityOverrides(setting: unknown): ParsedCapabilityOverrides {
  if (setting === undefined || setting === null) return { overrides: {}, problems: [] };
  if (typeof setting !== 'object' || Array.isArray(setting)) {
    return { overrides: {}, problems: ['Endpoint capabilities must be an object such as {"toolUse": false}; the setting was ignored.'] };
  }
  const overrides: Partial<Record<keyof EndpointCapabilities, boolean>> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(setting)) {
    if (!(CAPABILITY_KEYS as readonly string[]).includes(key)) {
      problems.push(`Unknown endpoint capability "${key}" was ignored (known: ${CAPABILITY_KEYS.join(', ')}).`);
    } else if (typeof value !== 'boolean') {
      problems.push(`Endpoint capability "${key}" must be true or false; it was ignored.`);
    } else {
      overrides[key as keyof EndpointCapabilities] = value;
    }
  }
  return { overrides, problems };
}

/** The capabilities of the endpoint at `baseUrl`: its preset's (or the custom defaults), with the user's overrides on top. */
export function capabilitiesFor(baseUrl: string, overrides: Partial<EndpointCapabilities> = {}): EndpointCapabilities {
  return { ...(presetForBaseUrl(baseUrl)?.capabilities ?? CUSTOM_CAPABILITIES), ...overrides };
}

export const NO_TOOL_USE_NOTE = 'This endpoint can’t propose edits (no tool use)';
export const NO_STREAM_USAGE_NOTE = 'Token counts unknown: this endpoint reports no usage while streaming';

/**
 * What the user should know about the endpoint before using it, one short sentence each. Only the
 * limits that change what Inkwell can do are named: a missing thinking block or cache line speaks
 * for itself.
 */
export function capabilityNotes(capabilities: EndpointCapabilities, streaming: boolean): string[] {
  const notes: string[] = [];
  if (!capabilities.toolUse) notes.push(NO_TOOL_USE_NOTE);
  if (streaming && !capabilities.streamUsage) notes.push(NO_STREAM_USAGE_NOTE);
  return notes;
}

/** Where the model written for a newly chosen endpoint came from, so the user can be told. */
export type ModelSource = 'kept' | 'remembered' | 'preset' | 'endpointList';

export interface EndpointModelChoice {
  /** Empty: none, so the newest model the endpoint lists is used. */
  readonly model: string;
  readonly source: ModelSource;
}

/**
 * The model for an endpoint the user just chose. `inkwell.openai.model` is one setting for every
 * endpoint, so the model set for the previous endpoint must not follow to the next one (gpt-5.5
 * sent to Gemini is a 404): a model already set for this same endpoint is kept, else the one last
 * used with it, else the preset's default, else none.
 */
export function modelForChosenEndpoint(args: {
  readonly chosenBaseUrl: string;
  readonly currentBaseUrl: string;
  readonly currentModel: string;
  /** Models last used per endpoint (keys normalised with `normalizeBaseUrl`). */
  readonly remembered: Readonly<Record<string, string>>;
}): EndpointModelChoice {
  const chosen = normalizeBaseUrl(args.chosenBaseUrl);
  if (args.currentModel !== '' && normalizeBaseUrl(args.currentBaseUrl) === chosen) return { model: args.currentModel, source: 'kept' };
  const remembered = args.remembered[chosen];
  if (remembered) return { model: remembered, source: 'remembered' };
  const preset = presetForBaseUrl(args.chosenBaseUrl)?.defaultModel;
  if (preset) return { model: preset, source: 'preset' };
  return { model: '', source: 'endpointList' };
}

/** Whether `text` can be a base URL: http(s) with a host. Returns the reason when not. */
export function baseUrlProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter the endpoint’s base URL, e.g. https://llm.example.com/v1.';
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The base URL must start with http:// or https://.';
    if (url.search || url.hash) return 'The base URL takes no query or fragment; requests go to <base URL>/chat/completions.';
    return undefined;
  } catch {
    return 'That is not a URL; e.g. https://llm.example.com/v1.';
  }
}
