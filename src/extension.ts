/**
 * Activation is an index: build the few services, register the view and the command table, and
 * return a small API (used by the integration tests and by scripts).
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { ChatController, type TurnEndedEvent } from './chat/chatController';
import { ChatViewProvider } from './chat/chatViewProvider';
import { ask, explainSelection, revealChat } from './commands/chatCommands';
import { clearApiKey, setApiKey, setProviderApiKey } from './commands/keyCommands';
import { editSelection } from './commands/editSelection';
import { acceptProposal, rejectProposal } from './commands/proposalCommands';
import { WorkspaceEditApplier } from './edits/proposalApplier';
import { PROPOSAL_SCHEME, ProposalContentProvider } from './edits/proposalDiff';
import { ProposalLens } from './edits/proposalLens';
import { VscodeToolHost } from './edits/vscodeToolHost';
import { SecretStorageApiKeyStore } from './host/apiKeyStore';
import { MementoConversationStore } from './host/conversationStore';
import { preloadProviderModules } from './host/loadProviderModules';
import { createLog } from './host/logger';
import { ProviderResolver } from './host/providerResolver';
import { affectsInkwell, openSetting, readPriceOverrides, readSettings } from './host/settings';
import { CHAT_VIEW_ID, COMMANDS, SETTINGS, type CommandId } from './shared/contributions';
import type { ChatState, ProposalView } from './shared/transcript';
import type { WebviewToHost } from './shared/protocol';

export interface InkwellApi {
  readonly chat: {
    state(): ChatState;
    readonly isStreaming: boolean;
    send(text: string): Promise<TurnEndedEvent>;
    /** Every proposal in the chat, as the webview shows it. */
    proposals(): ProposalView[];
    onDidEndTurn(listener: (event: TurnEndedEvent) => void): vscode.Disposable;
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<InkwellApi> {
  try {
    return await activateInkwell(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Inkwell failed to start: ${message}`);
    throw error;
  }
}

async function activateInkwell(context: vscode.ExtensionContext): Promise<InkwellApi> {
  const log = createLog();
  const keys = await SecretStorageApiKeyStore.create(context.secrets);
  const resolver = new ProviderResolver(keys, context.secrets, log);
  const store = new MementoConversationStore(context.workspaceState);
  const chat = new ChatController({
    resolveProvider: () => resolver.resolve(),
    keySource: () => (openai() ? 'endpoint' : keys.source),
    loadConversation: () => store.load(),
    saveConversation: (c) => store.save(c),
    newId: () => randomUUID(),
    log,
    toolHost: new VscodeToolHost(() => randomUUID()),
    applier: new WorkspaceEditApplier(),
  });
  const lens = new ProposalLens(() => chat.pendingProposals());
  const applyPrices = () => {
    const { overrides, problems } = readPriceOverrides();
    for (const problem of problems) log.warn(`inkwell.modelPrices: ${problem}`);
    chat.setPrices(overrides);
  };
  applyPrices();
  const view = new ChatViewProvider(context.extensionUri, chat, (action) => handleErrorAction(chat, action));
  context.subscriptions.push(log, keys, chat, view, lens, preloadProviderModules());

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view),
    keys.onDidChange(() => {
      resolver.invalidate();
      chat.keySourceChanged();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsInkwell(e)) return;
      resolver.invalidate();
      applyPrices();
      chat.keySourceChanged();
    }),
    chat.onDidChangeStreaming((streaming) => void vscode.commands.executeCommand('setContext', 'inkwell.streaming', streaming)),
    chat.onDidChangeProposals(() => lens.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, new ProposalContentProvider((id) => chat.proposal(id))),
    vscode.commands.registerCommand('inkwell.showProposalDiff', (id: unknown) => typeof id === 'string' && chat.showDiff(id)),
  );

  const commands: Record<CommandId, (...args: unknown[]) => unknown> = {
    [COMMANDS.setApiKey]: (key) => setApiKey(keys, key),
    [COMMANDS.clearApiKey]: () => clearApiKey(keys),
    [COMMANDS.setProviderApiKey]: async (key) => {
      const stored = await setProviderApiKey(context.secrets, key);
      if (stored) resolver.invalidate();
      return stored;
    },
    [COMMANDS.newChat]: async () => {
      chat.newChat();
      await revealChat();
      view.focusInput();
    },
    [COMMANDS.ask]: (prompt) => ask(chat, prompt),
    [COMMANDS.stop]: () => chat.stop(),
    [COMMANDS.explainSelection]: () => explainSelection(chat),
    [COMMANDS.editSelection]: (instruction) => editSelection(chat, instruction),
    [COMMANDS.acceptProposal]: (id) => acceptProposal(chat, id),
    [COMMANDS.rejectProposal]: (id) => rejectProposal(chat, id),
  };
  for (const [id, handler] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  return {
    chat: {
      state: () => chat.state(),
      get isStreaming() {
        return chat.isStreaming;
      },
      send: (text) => chat.send(text),
      proposals: () => chat.state().turns.flatMap((t) => (t.role === 'assistant' ? t.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : [])) : [])),
      onDidEndTurn: (listener) => {
        const subscription = chat.onDidEndTurn(listener);
        return new vscode.Disposable(() => subscription.dispose());
      },
    },
  };
}

function handleErrorAction(chat: ChatController, action: Extract<WebviewToHost, { type: 'errorAction' }>): void {
  switch (action.action) {
    case 'setApiKey':
      void vscode.commands.executeCommand(openai() ? COMMANDS.setProviderApiKey : COMMANDS.setApiKey);
      return;
    case 'openModelSetting':
      void openSetting(openai() ? SETTINGS.openaiModel.key : SETTINGS.model.key);
      return;
    case 'openBaseUrlSetting':
      void openSetting(openai() ? SETTINGS.openaiBaseUrl.key : SETTINGS.anthropicBaseUrl.key);
      return;
    case 'openSettings':
      void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:inkwell.inkwell');
      return;
    case 'retry':
      chat.retry(action.turnId);
      return;
  }
}

/** Whether the OpenAI-compatible family is selected: error actions then lead to its key and settings. */
function openai(): boolean {
  return readSettings().provider === 'openai-compatible';
}

export function deactivate(): void {
  // Everything is in context.subscriptions; disposing the chat aborts any request in flight.
}
