/**
 * The command ids and settings the code relies on, in one table. A unit test keeps
 * `package.json`'s contributions in step with it, so the manifest cannot drift from the code.
 */

export const COMMANDS = {
  setApiKey: 'inkwell.setApiKey',
  clearApiKey: 'inkwell.clearApiKey',
  setProviderApiKey: 'inkwell.setProviderApiKey',
  newChat: 'inkwell.newChat',
  ask: 'inkwell.ask',
  stop: 'inkwell.stop',
  explainSelection: 'inkwell.explainSelection',
  editSelection: 'inkwell.editSelection',
  acceptProposal: 'inkwell.acceptProposal',
  rejectProposal: 'inkwell.rejectProposal',
  chooseProvider: 'inkwell.chooseProvider',
  chooseModel: 'inkwell.chooseModel',
  openChatInEditor: 'inkwell.openChatInEditor',
  testConnection: 'inkwell.testConnection',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands the code invokes itself (a CodeLens, the chat's Show diff); not in the palette. */
export const INTERNAL_COMMANDS = {
  showProposalDiff: 'inkwell.showProposalDiff',
} as const;

export type InternalCommandId = (typeof INTERNAL_COMMANDS)[keyof typeof INTERNAL_COMMANDS];

export const CHAT_VIEW_ID = 'inkwell.chat';
export const VIEW_CONTAINER_ID = 'inkwell';

/** Setting keys under the `inkwell` section, with the JSON type the manifest declares. */
export const SETTINGS = {
  provider: { key: 'provider', type: 'string' },
  model: { key: 'model', type: 'string' },
  maxTokens: { key: 'maxTokens', type: 'number' },
  stream: { key: 'stream', type: 'boolean' },
  anthropicBaseUrl: { key: 'anthropic.baseUrl', type: 'string' },
  openaiBaseUrl: { key: 'openai.baseUrl', type: 'string' },
  openaiModel: { key: 'openai.model', type: 'string' },
  openaiCapabilities: { key: 'openai.capabilities', type: 'object' },
  anthropicHeaders: { key: 'anthropic.headers', type: 'object' },
  promptCaching: { key: 'promptCaching', type: 'boolean' },
  modelPrices: { key: 'modelPrices', type: 'object' },
  idleTimeoutSeconds: { key: 'idleTimeoutSeconds', type: 'number' },
  thinkingBudget: { key: 'thinkingBudget', type: 'number' },
  caCertificates: { key: 'caCertificates', type: 'array' },
  maxRetries: { key: 'maxRetries', type: 'number' },
  debugLogContent: { key: 'debug.logContent', type: 'boolean' },
} as const;

export const SETTINGS_SECTION = 'inkwell';
