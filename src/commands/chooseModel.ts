/**
 * Inkwell: Choose Model — a QuickPick of the models the Models API lists, the current choice
 * marked and "Default (…)" first; when the API cannot be asked (no key, offline, a proxy without
 * it) a free-text box instead. Writes `inkwell.model` (`inkwell.openai.model` for an
 * OpenAI-compatible endpoint).
 *
 * Where it writes: the user's (global) settings, unless the workspace already sets the model — then
 * the workspace value, because it would otherwise keep overriding the pick and the choice would
 * seem to do nothing. A model is a personal choice tied to the user's account and bill, so a pick
 * must not create or edit a `.vscode/settings.json` that would be committed for the whole team.
 */
import * as vscode from 'vscode';
import type { ModelInfo } from '../core/chatProvider';
import { asInkwellError } from '../core/errors';
import { modelPickEntries, pickerDefault, type ModelPickEntry } from '../core/modelPicker';
import { configuredModel, type ModelSettings } from '../core/modelChoice';
import type { ResolvedProvider } from '../chat/chatController';
import { modelSettingKey, readSettings } from '../host/settings';
import { SETTINGS_SECTION } from '../shared/contributions';

export interface ChooseModelDeps {
  resolveProvider(): Promise<ResolvedProvider>;
  /** The model the header shows after a choice ('' while unknown). */
  showModel(model: string): void;
}

const LIST_TIMEOUT_MS = 10_000;

/**
 * `model` (for scripts): a string is written without prompting; '' restores the default.
 * Returns the value written ('' = default), or undefined when cancelled.
 */
export async function chooseModel(deps: ChooseModelDeps, model?: unknown): Promise<string | undefined> {
  const settings = readSettings();
  const key = modelSettingKey(settings);
  if (typeof model === 'string') {
    await writeModel(key, model.trim());
    deps.showModel(shownFor(model.trim(), settings));
    return model.trim();
  }
  const current = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(key, '').trim();
  const picked = await pickFromList(deps, key, current, settings);
  if (picked === undefined) return undefined;
  await writeModel(key, picked.value);
  deps.showModel(picked.shown);
  return picked.value;
}

/** The QuickPick; falls back to the input box when the list cannot be had. */
async function pickFromList(deps: ChooseModelDeps, key: string, current: string, settings: ModelSettings): Promise<{ value: string; shown: string } | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { entry: ModelPickEntry }>();
  quickPick.title = 'Inkwell: Choose Model';
  quickPick.placeholder = `Loading models… (saved as ${SETTINGS_SECTION}.${key} in your ${targetName(key)} settings)`;
  quickPick.busy = true;
  quickPick.matchOnDescription = true;
  let hidden = false;
  const closed = new Promise<undefined>((resolve) =>
    quickPick.onDidHide(() => {
      hidden = true;
      resolve(undefined);
    }),
  );
  quickPick.show();
  let models: ModelInfo[];
  try {
    const resolved = await deps.resolveProvider();
    models = await resolved.provider.listModels(AbortSignal.timeout(LIST_TIMEOUT_MS));
    if (models.length === 0) throw new Error('The Models API listed no models.');
  } catch (error) {
    quickPick.dispose();
    if (hidden) return undefined; // cancelled while the list was loading
    const value = await typeModel(current, asInkwellError(error).detail);
    return value === undefined ? undefined : { value, shown: shownFor(value, settings) };
  }
  // "Default" names what requests would use with the setting empty: for a preset endpoint, its model.
  const defaultModel = pickerDefault(settings, models);
  const entries = modelPickEntries(models, current, defaultModel);
  const items = entries.map((entry) => ({
    label: entry.current ? `$(check) ${entry.label}` : entry.label,
    ...(entry.description ? { description: entry.description } : {}),
    entry,
  }));
  quickPick.items = items;
  quickPick.activeItems = items.filter((item) => item.entry.current);
  quickPick.placeholder = `Model for Inkwell's requests (saved as ${SETTINGS_SECTION}.${key} in your ${targetName(key)} settings)`;
  quickPick.busy = false;
  const accepted = new Promise<ModelPickEntry | undefined>((resolve) =>
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.entry ?? quickPick.activeItems[0]?.entry)),
  );
  const entry = await Promise.race([accepted, closed]);
  quickPick.dispose();
  if (!entry) return undefined;
  return { value: entry.value, shown: entry.value || defaultModel.model };
}

/** What the header shows for a written value: '' (the default) is what requests then use, when the settings decide it. */
function shownFor(value: string, settings: ModelSettings): string {
  if (value !== '') return value;
  return configuredModel(settings.provider === 'openai-compatible' ? { ...settings, openaiModel: '' } : { ...settings, model: '' });
}

/** Free text, for when the Models API failed: the reason is shown, an empty value means the default. */
async function typeModel(current: string, reason: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Inkwell: Choose Model',
    prompt: `The model list is not available (${reason}). Type a model id, or leave it empty for the default.`,
    placeHolder: 'e.g. claude-sonnet-4-6',
    value: current,
    ignoreFocusOut: true,
    validateInput: (v) => (/\s/.test(v.trim()) ? 'A model id has no spaces.' : undefined),
  });
  return value === undefined ? undefined : value.trim();
}

function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(key);
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

function targetName(key: string): string {
  return targetFor(key) === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user';
}

/** '' removes the setting at that level, so the default (or a lower level's value) applies again. */
async function writeModel(key: string, value: string): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value === '' ? undefined : value, targetFor(key));
}
