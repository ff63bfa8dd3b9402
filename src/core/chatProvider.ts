/** The seam between the chat and an API family. Implementations live in `providers/`. */
import type { ChatRequest } from './messages';
import type { TurnEvent } from './turnEvents';

export interface ModelInfo {
  readonly id: string;
  readonly displayName: string;
  /** ISO date; newer first when sorting. */
  readonly createdAt?: string;
}

export interface ChatProvider {
  /**
   * Sends one request and reports its events in order. Resolves after `messageComplete`; rejects
   * with an `InkwellError` (kind `aborted` when `signal` fired). After `signal` fires no event is
   * reported and the HTTP request is closed.
   */
  send(request: ChatRequest, onEvent: (event: TurnEvent) => void, signal: AbortSignal): Promise<void>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
}
