/**
 * Inkwell itself, loaded by the small activation entry (extension.ts) on first use: builds the
 * services, listens to settings and keys, and hands back the view, the command table and the API
 * (used by the integration tests and by scripts). A separate bundle (`dist/inkwell.js`).
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { ChatController, type StreamingAnswer, type TurnEndedEvent } from './chat/chatController';
import { ChatPanels } from './chat/chatPanel';
import { ChatRegistry } from './chat/chatRegistry';
import { ChatViewProvider } from './chat/chatViewProvider';
import { ask, explainSelection, revealChat } from './commands/chatCommands';
import { clearApiKey, setApiKey, setProviderApiKey } from './commands/keyCommands';
import { editSelection } from './commands/editSelection';
import { chooseProvider } from './commands/chooseProvider';
import { chooseModel } from './commands/chooseModel';
import { acceptProposal, rejectProposal } from './commands/proposalCommands';
import { testConnection } from './commands/testConnection';
import { WorkspaceEditApplier } from './edits/proposalApplier';
import { PROPOSAL_SCHEME, ProposalContentProvider } from './edits/proposalDiff';
import { ProposalLens } from './edits/proposalLens';
import { VscodeToolHost } from './edits/vscodeToolHost';
import { SecretStorageApiKeyStore } from './host/apiKeyStore';
import { MementoConversationStore } from './host/conversationStore';
import { preloadProviderModules } from './host/loadProviderModules';
import { createLog } from './host/logger';
import { ProviderResolver } from './host/providerResolver';
import { describeRouteTo, NETWORK_SETTINGS_QUERY } from './host/networkSettings';
import { affectsInkwell, openSetting, readPriceOverrides, readSettings } from './host/settings';
import { configuredModel as configuredModelOf } from './core/modelChoice';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, SETTINGS_SECTION, type CommandId, type InternalCommandId } from './shared/contributions';
import { delayedFlag } from './host/delayedFlag';
import { StreamingStatus, type StreamingStatusState } from './host/streamingStatus';
import type { ChatState, ProposalView } from './shared/transcript';
import type { WebviewToHost } from './shared/protocol';

/** One chat (the sidebar's, or one in an editor tab), as scripts and tests drive it. */
export interface ChatApi {
  state(): ChatState;
  readonly isStreaming: boolean;
  send(text: string): Promise<TurnEndedEvent>;
  /** Every proposal in the chat, as the webview shows it. */
  proposals(): ProposalView[];
  onDidEndTurn(listener: (event: TurnEndedEvent) => void): vscode.Disposable;
  /** The answers streaming now, oldest first. */
  streaming(): StreamingAnswer[];
  /** Stops one answer, or with no id every answer of this chat (as the composer's Stop does). */
  stop(turnId?: string): void;
}

export interface InkwellApi {
  /** The sidebar chat. */
  readonly chat: ChatApi;
  /** The chats open in editor tabs (Open Chat in Editor), oldest first. */
  editorChats(): ChatApi[];
  /** Every answer streaming in this window, in any chat. */
  streaming(): { chatName: string; turnId: string; text: string }[];
  /** What the status-bar item shows now. */
  statusBar(): StreamingStatusState;
}

/** What the activation entry needs: the chat view, every command's handler, and the API. */
export interface InkwellCore {
  readonly view: vscode.WebviewViewProvider;
  readonly commands: Readonly<Record<CommandId | InternalCommandId, (...args: unknown[]) => unknown>>;
  readonly api: InkwellApi;
}

/** `loadStartedAt`: `performance.now()` before this module was loaded, for the log. */
export function startInkwell(context: vscode.ExtensionContext, loadStartedAt = performance.now()): InkwellCore {
  const log = createLog();
  const keys = SecretStorageApiKeyStore.create(context.secrets);
  const resolver = new ProviderResolver(keys, context.secrets, log);
  const store = new MementoConversationStore(context.workspaceState);
  const toolHost = new VscodeToolHost(() => randomUUID());
  const applier = new WorkspaceEditApplier();
  // Each chat has its own controller: the sidebar's persists, editor chats are scratch.
  const newController = (persisted: boolean) =>
    new ChatController({
      resolveProvider: () => resolver.resolve(),
      keySource: () => (openai() ? 'endpoint' : keys.source),
      endpointNotes: () => resolver.endpointNotes(),
      loadConversation: () => (persisted ? store.load() : undefined),
      saveConversation: (c) => persisted && store.save(c),
      newId: () => randomUUID(),
      log,
      toolHost,
      applier,
    });
  const chat = newController(true);
  const registry = new ChatRegistry();
  const lens = new ProposalLens(() => registry.pendingProposals());
  const prices = () => {
    const { overrides, problems } = readPriceOverrides();
    for (const problem of problems) log.warn(`inkwell.modelPrices: ${problem}`);
    return overrides;
  };
  let currentPrices = prices();
  chat.setPrices(currentPrices);
  const checkSettings = reportSettingProblems(log);
  checkSettings();
  // The header names the configured model from the start; an empty setting is resolved by the first request.
  const showConfiguredModel = () => {
    for (const { chat: each } of registry.all()) each.showModel(configuredModel());
  };
  const view = new ChatViewProvider(context.extensionUri, chat, handleErrorAction);
  const panels = new ChatPanels({
    extensionUri: context.extensionUri,
    registry,
    createController: () => {
      const controller = newController(false);
      controller.setPrices(currentPrices);
      controller.showModel(configuredModel());
      return controller;
    },
    onErrorAction: handleErrorAction,
  });
  const status = new StreamingStatus(registry);
  // The title bar's Stop and Escape, once the sidebar chat has answered for a moment (see delayedFlag.ts).
  const streamingContext = delayedFlag((on) => void vscode.commands.executeCommand('setContext', 'inkwell.streaming', on));
  // The store goes after the chats: what they save on their way out is written before it stops.
  context.subscriptions.push(log, keys, chat, view, lens, panels, status, registry, registry.add({ name: 'Chat', chat }), preloadProviderModules(), store);
  showConfiguredModel();

  context.subscriptions.push(
    keys.onDidChange(() => {
      resolver.invalidate();
      for (const { chat: each } of registry.all()) each.keySourceChanged();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsInkwell(e)) return;
      resolver.invalidate();
      currentPrices = prices();
      checkSettings();
      for (const { chat: each } of registry.all()) {
        each.setPrices(currentPrices);
        each.keySourceChanged();
      }
      if (
        e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.model.key}`) ||
        e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.openaiModel.key}`) ||
        e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.provider.key}`) ||
        e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.openaiBaseUrl.key}`)
      ) {
        showConfiguredModel();
      }
    }),
    // The sidebar's: its title-bar Stop, Escape and the palette's Stop Response act on the sidebar
    // chat. Editor chats have their own Stop; the status bar covers every chat.
    streamingContext,
    chat.onDidChangeStreaming((streaming) => streamingContext.set(streaming)),
    registry.onDidChangeProposals(() => lens.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, new ProposalContentProvider((id) => registry.proposal(id))),
  );

  const commands: InkwellCore['commands'] = {
    [INTERNAL_COMMANDS.showProposalDiff]: (id) => typeof id === 'string' && registry.showDiff(id),
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
    [COMMANDS.editSelection]: (instruction) => editSelection(chat, instruction, () => resolver.endpointCapabilities()?.toolUse !== false),
    [COMMANDS.chooseProvider]: (args) => chooseProvider(context.globalState, context.secrets, keys, args),
    [COMMANDS.acceptProposal]: (id) => acceptProposal(registry, id),
    [COMMANDS.rejectProposal]: (id) => rejectProposal(registry, id),
    [COMMANDS.chooseModel]: (model) =>
      chooseModel(
        {
          resolveProvider: () => resolver.resolve(),
          showModel: (m) => {
            for (const { chat: each } of registry.all()) each.showModel(m);
          },
        },
        model,
      ),
    [COMMANDS.openChatInEditor]: () => {
      panels.open();
    },
    [COMMANDS.testConnection]: () =>
      testConnection({
        provider: () => readSettings().provider,
        resolve: () => resolver.resolve(),
        routeOf: describeRouteTo,
        log,
        runAction: (action) =>
          action === 'retry' ? void vscode.commands.executeCommand(COMMANDS.testConnection) : handleErrorAction(chat, { type: 'errorAction', action, turnId: '' }),
      }),
  };
  const api: InkwellApi = {
    chat: chatApi(chat),
    editorChats: () => panels.all().map((p) => chatApi(p.chat)),
    streaming: () => registry.streaming().map(({ chatName, turnId, text }) => ({ chatName, turnId, text })),
    statusBar: () => status.state(),
  };
  log.info(`Inkwell started in ${(performance.now() - loadStartedAt).toFixed(1)} ms (loading and setting up its services)`);
  return { view, commands, api };
}

function chatApi(chat: ChatController): ChatApi {
  return {
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
    streaming: () => chat.streaming(),
    stop: (turnId) => (turnId === undefined ? chat.stop() : void chat.stopTurn(turnId)),
  };
}

function handleErrorAction(chat: ChatController, action: Extract<WebviewToHost, { type: 'errorAction' }>): void {
  switch (action.action) {
    case 'setApiKey':
      void vscode.commands.executeCommand(openai() ? COMMANDS.setProviderApiKey : COMMANDS.setApiKey);
      return;
    case 'openModelSetting':
      void vscode.commands.executeCommand(COMMANDS.chooseModel);
      return;
    case 'openBaseUrlSetting':
      void openSetting(openai() ? SETTINGS.openaiBaseUrl.key : SETTINGS.anthropicBaseUrl.key);
      return;
    case 'openSettings':
      void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:inkwell.inkwell');
      return;
    case 'openNetworkSettings':
      void vscode.commands.executeCommand('workbench.action.openSettings', NETWORK_SETTINGS_QUERY);
      return;
    case 'retry':
      chat.retry(action.turnId);
      return;
    case 'openStreamSetting':
      void openSetting(SETTINGS.stream.key);
      return;
  }
}

/**
 * Logs settings that were ignored (names only, never header values), and warns once per header
 * name that looks like a credential: settings are plain text and may sync to other machines.
 */
function reportSettingProblems(log: { warn(message: string): void }): () => void {
  const warned = new Set<string>();
  return () => {
    const { anthropicHeaders, openaiCapabilities } = readSettings();
    for (const problem of anthropicHeaders.problems) log.warn(`inkwell.anthropic.headers: ${problem}`);
    for (const problem of openaiCapabilities.problems) log.warn(`inkwell.openai.capabilities: ${problem}`);
    const fresh = anthropicHeaders.secretLooking.filter((name) => !warned.has(name));
    if (fresh.length === 0) return;
    for (const name of fresh) warned.add(name);
    void vscode.window.showWarningMessage(
      `Inkwell: inkwell.anthropic.headers sets ${fresh.map((n) => `“${n}”`).join(', ')}, which looks like a secret. Settings are plain text and may sync; ` +
        'a proxy key belongs in the API key (Set Anthropic API Key), which is kept in secret storage and sent as x-api-key.',
    );
  };
}

/** Whether the OpenAI-compatible family is selected: error actions then lead to its key and settings. */
function openai(): boolean {
  return readSettings().provider === 'openai-compatible';
}

/** The model the settings choose for the selected provider (a preset endpoint's default included); '' when a model list decides. */
function configuredModel(): string {
  return configuredModelOf(readSettings());
}

