/**
 * Choose Provider…: a quick pick of the known endpoints (`core/providerPresets`). Choosing one
 * writes `inkwell.provider`, `inkwell.openai.baseUrl` and a model for that endpoint, says what it
 * chose, and offers to set the endpoint's key when it needs one and has none.
 */
import * as vscode from 'vscode';
import { providerSecretId, type ApiKeyStore } from '../host/apiKeyStore';
import { readSettings } from '../host/settings';
import {
  baseUrlProblem,
  modelForChosenEndpoint,
  normalizeBaseUrl,
  presetForBaseUrl,
  PROVIDER_PRESETS,
  type ModelSource,
  type PresetId,
  type ProviderPreset,
} from '../core/providerPresets';
import { COMMANDS, SETTINGS, SETTINGS_SECTION } from '../shared/contributions';

/** Models last used per endpoint, so switching back and forth keeps each one's model. */
const REMEMBERED_MODELS_KEY = 'inkwell.endpointModels';

/** What was chosen; returned for scripts and tests. */
export interface ProviderChoice {
  readonly preset: PresetId;
  readonly provider: 'anthropic' | 'openai-compatible';
  readonly baseUrl?: string;
  readonly model?: string;
  readonly modelSource?: ModelSource;
  /** The endpoint needs a key and none is stored: the user was offered to set one. */
  readonly keyOffered: boolean;
  /** What the user was told. */
  readonly message: string;
}

export interface ChooseProviderArgs {
  /** Skip the quick pick. */
  readonly preset?: PresetId;
  /** For `custom`: skips the input box. */
  readonly baseUrl?: string;
}

export async function chooseProvider(
  memento: vscode.Memento,
  secrets: vscode.SecretStorage,
  anthropicKeys: ApiKeyStore,
  args?: unknown,
): Promise<ProviderChoice | undefined> {
  const scripted = parseArgs(args);
  const preset = scripted.preset ? PROVIDER_PRESETS.find((p) => p.id === scripted.preset) : await pickPreset();
  if (!preset) {
    if (scripted.preset) void vscode.window.showWarningMessage(`Inkwell: no provider preset “${scripted.preset}” (known: ${PROVIDER_PRESETS.map((p) => p.id).join(', ')}).`);
    return undefined;
  }
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);

  if (preset.provider === 'anthropic') {
    await update(config, SETTINGS.provider.key, 'anthropic');
    const keyOffered = anthropicKeys.source === 'none';
    const message = `Inkwell: now using Anthropic${readSettings().anthropicBaseUrl ? ` through ${readSettings().anthropicBaseUrl}` : ''}.`;
    offer(keyOffered ? `${message} It needs an API key.` : message, keyOffered ? COMMANDS.setApiKey : undefined);
    return { preset: preset.id, provider: 'anthropic', keyOffered, message };
  }

  const baseUrl = preset.baseUrl ?? (await customBaseUrl(scripted.baseUrl));
  if (!baseUrl) return undefined;
  const before = readSettings();
  const remembered = memento.get<Record<string, string>>(REMEMBERED_MODELS_KEY, {});
  // The model of the endpoint being left is remembered for when the user comes back to it.
  if (before.openaiBaseUrl && before.openaiModel) {
    await memento.update(REMEMBERED_MODELS_KEY, { ...remembered, [normalizeBaseUrl(before.openaiBaseUrl)]: before.openaiModel });
  }
  const { model, source } = modelForChosenEndpoint({ chosenBaseUrl: baseUrl, currentBaseUrl: before.openaiBaseUrl, currentModel: before.openaiModel, remembered });

  await update(config, SETTINGS.openaiBaseUrl.key, baseUrl);
  await update(config, SETTINGS.openaiModel.key, model === '' ? undefined : model);
  await update(config, SETTINGS.provider.key, 'openai-compatible');

  const known = presetForBaseUrl(baseUrl);
  const needsKey = known ? known.needsKey : preset.needsKey;
  const keyOffered = needsKey && !(await secrets.get(providerSecretId(baseUrl)));
  const name = known?.label ?? baseUrl;
  const message = `Inkwell: now using ${name}${known ? ` (${baseUrl})` : ''} with ${describeModel(model, source)}${keyOffered ? ' It needs an API key.' : ''}`;
  offer(message, keyOffered ? COMMANDS.setProviderApiKey : undefined);
  return { preset: preset.id, provider: 'openai-compatible', baseUrl, model, modelSource: source, keyOffered, message };
}

function describeModel(model: string, source: ModelSource): string {
  switch (source) {
    case 'kept':
      return `model ${model}, as set.`;
    case 'remembered':
      return `model ${model}, the one you last used there.`;
    case 'preset':
      return `model ${model}, its default; change it in “inkwell.openai.model”.`;
    case 'endpointList':
      return 'the newest model the endpoint lists; set “inkwell.openai.model” to choose one.';
  }
}

/** Shows what was chosen; with a command, a button that runs it (e.g. Set API Key). Never awaited: toasts stay until dismissed. */
function offer(message: string, command: string | undefined): void {
  if (!command) {
    void vscode.window.showInformationMessage(message);
    return;
  }
  void vscode.window.showInformationMessage(message, 'Set API Key').then((choice) => {
    if (choice) void vscode.commands.executeCommand(command);
  });
}

async function pickPreset(): Promise<ProviderPreset | undefined> {
  const settings = readSettings();
  const current = settings.provider === 'anthropic' ? 'anthropic' : (presetForBaseUrl(settings.openaiBaseUrl)?.id ?? 'custom');
  const items = PROVIDER_PRESETS.map((preset) => ({
    label: preset.label,
    description: preset.id === current ? 'current' : preset.baseUrl,
    detail: preset.detail,
    preset,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Choose Provider', placeHolder: 'Which API should Inkwell talk to?', matchOnDescription: true });
  return picked?.preset;
}

async function customBaseUrl(scripted: string | undefined): Promise<string | undefined> {
  if (scripted !== undefined) {
    const problem = baseUrlProblem(scripted);
    if (problem) {
      void vscode.window.showWarningMessage(`Inkwell: ${problem}`);
      return undefined;
    }
    return scripted.trim();
  }
  const current = readSettings().openaiBaseUrl;
  const entered = await vscode.window.showInputBox({
    title: 'Custom OpenAI-Compatible Endpoint',
    prompt: 'Base URL; requests go to <base URL>/chat/completions',
    placeHolder: 'https://llm.example.com/v1',
    value: current && !presetForBaseUrl(current) ? current : '',
    ignoreFocusOut: true,
    validateInput: (text) => baseUrlProblem(text),
  });
  return entered?.trim() || undefined;
}

/** Writes where the user's value lives: a workspace value would otherwise hide a global one. */
async function update(config: vscode.WorkspaceConfiguration, key: string, value: unknown): Promise<void> {
  const inspected = config.inspect(key);
  await config.update(key, value, inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

function parseArgs(args: unknown): ChooseProviderArgs {
  if (typeof args === 'string') return { preset: args as PresetId };
  if (typeof args !== 'object' || args === null) return {};
  const a = args as Record<string, unknown>;
  return {
    ...(typeof a.preset === 'string' ? { preset: a.preset as PresetId } : {}),
    ...(typeof a.baseUrl === 'string' ? { baseUrl: a.baseUrl } : {}),
  };
}
