/**
 * The chat the retry suites drive: a real ChatController over the real SDKs and the fake server,
 * a recorder for what the webview is sent and what is logged, and readers for the results.
 */
import { ChatController, type ResolvedProvider, type TurnEndedEvent } from '../../../src/chat/chatController';
import type { InkwellError } from '../../../src/core/errors';
import { AnthropicProvider } from '../../../src/providers/anthropicProvider';
import { OpenAICompatibleProvider } from '../../../src/providers/openaiProvider';
import type { HostToWebview, TranscriptDelta } from '../../../src/shared/protocol';
import type { AssistantTurnView, ProposalView } from '../../../src/shared/transcript';
import type { FakeAnthropicServer } from '../../fake/fakeAnthropicServer';
import { OPENAI_BASE_PATH } from '../../fake/openaiEndpoint';
import { recordPosts, workspaceChat } from './workspaceChat';
import type { GreetWorkspace } from './greetWorkspace';

export const MODEL = 'claude-fake-1';

export interface Harness {
  chat: ChatController;
  posted: HostToWebview[];
  logs: string[];
}

export function makeChat(server: FakeAnthropicServer, ws: GreetWorkspace, options: Partial<ResolvedProvider> & { idleTimeoutMs?: number; openai?: boolean } = {}): Harness {
  const logs: string[] = [];
  const provider = options.openai
    ? new OpenAICompatibleProvider({ baseUrl: `${server.url}${OPENAI_BASE_PATH}`, apiKey: 'test-key', idleTimeoutMs: options.idleTimeoutMs })
    : new AnthropicProvider({ apiKey: 'test-key', baseUrl: server.url, idleTimeoutMs: options.idleTimeoutMs });
  const chat = workspaceChat(ws, async () => ({ provider, model: options.openai ? 'gpt-fake-1' : MODEL, maxTokens: 1024, stream: true, maxRetries: 4, ...options }), {
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
  });
  return { chat, posted: recordPosts(chat), logs };
}

export const view = (h: Harness, e: TurnEndedEvent) => h.chat.state().turns.find((t) => t.id === e.turnId) as AssistantTurnView;
export const textOf = (v: AssistantTurnView) => v.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join('');
export const deltasOf = (h: Harness) => h.posted.flatMap((m) => (m.type === 'deltas' ? m.deltas : [])) as TranscriptDelta[];
export const retryDeltas = (h: Harness) => deltasOf(h).filter((d): d is Extract<TranscriptDelta, { type: 'retryWait' }> => d.type === 'retryWait');
export const errorOf = (e: TurnEndedEvent): InkwellError | undefined => (e.outcome.status === 'error' ? e.outcome.error : undefined);
export const stepsOf = (e: TurnEndedEvent) => ('steps' in e.outcome ? e.outcome.steps : []);
export const allProposals = (h: Harness): ProposalView[] =>
  h.chat.state().turns.flatMap((t) => (t.role === 'assistant' ? t.blocks.flatMap((b) => (b.kind === 'toolUse' && b.proposal ? [b.proposal] : [])) : []));
