/**
 * The project's own stream event union. Providers map their SDK's wire events to these in one
 * place; everything downstream (reducer, conversation, webview) sees only these.
 */
import type { ContentBlock, Usage } from './messages';

export type BlockStart =
  | { kind: 'text' }
  | { kind: 'thinking' }
  | { kind: 'redactedThinking' }
  | { kind: 'toolUse'; id: string; name: string };

export type TurnEvent =
  /**
   * The response began; `usage` holds input and cache counts, `requestId` is for support.
   * `usageUnknown`: the endpoint will report no token counts for this response.
   */
  | { type: 'messageStart'; model: string; usage: Usage; requestId?: string; usageUnknown?: boolean }
  | { type: 'blockStart'; index: number; block: BlockStart }
  | { type: 'textDelta'; index: number; text: string }
  | { type: 'thinkingDelta'; index: number; text: string }
  /** A fragment of a tool call's JSON input: only ever a preview, never parsed per fragment. */
  | { type: 'toolInputDelta'; index: number; partialJson: string }
  | { type: 'blockStop'; index: number }
  /** Usage so far (output is cumulative) and, near the end, the stop reason. */
  | { type: 'messageDelta'; usage: Partial<Usage>; stopReason?: string }
  /**
   * The response finished with its stop event. `content` is the final message, the source of truth
   * for history and for tool inputs (parsed once, here). `usageUnknown`: the endpoint reported no
   * token counts, so `usage` is zero and must not be shown as a figure.
   */
  | { type: 'messageComplete'; content: ContentBlock[]; stopReason: string; usage: Usage; usageUnknown?: boolean };
