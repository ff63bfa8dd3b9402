/** Commands that manage API keys. Keys go to SecretStorage only and are never echoed. */
import * as vscode from 'vscode';
import { providerSecretId, type ApiKeyStore } from '../host/apiKeyStore';
import { readSettings } from '../host/settings';

export async function setApiKey(keys: ApiKeyStore, key?: unknown): Promise<boolean> {
  const value =
    typeof key === 'string'
      ? key
      : await vscode.window.showInputBox({
          title: 'Anthropic API Key',
          prompt: 'Kept in VS Code’s secret storage; never written to settings or logs.',
          placeHolder: 'sk-ant-…',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? 'Enter a key, or press Escape to cancel.' : undefined),
        });
  if (!value || value.trim() === '') return false;
  await keys.set(value);
  if (typeof key !== 'string') void vscode.window.showInformationMessage('Inkwell: Anthropic API key saved in secret storage.');
  return true;
}

export async function clearApiKey(keys: ApiKeyStore): Promise<void> {
  await keys.clear();
  const fallback = keys.source === 'environment' ? ' ANTHROPIC_API_KEY from the environment is used instead.' : '';
  void vscode.window.showInformationMessage(`Inkwell: stored Anthropic API key removed.${fallback}`);
}

export async function setProviderApiKey(secrets: vscode.SecretStorage, key?: unknown): Promise<boolean> {
  const baseUrl = readSettings().openaiBaseUrl;
  if (!baseUrl) {
    void vscode.window.showWarningMessage('Inkwell: set "inkwell.openai.baseUrl" first; the key is stored for that endpoint.');
    return false;
  }
  const value =
    typeof key === 'string'
      ? key
      : await vscode.window.showInputBox({
          title: `API key for ${baseUrl}`,
          prompt: 'Kept in VS Code’s secret storage for this endpoint only.',
          password: true,
          ignoreFocusOut: true,
        });
  if (!value || value.trim() === '') return false;
  await secrets.store(providerSecretId(baseUrl), value.trim());
  return true;
}
