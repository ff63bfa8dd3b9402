/**
 * The host half of P2, against the same fake server the extension talks to: the host's own work
 * per delta (provider events → reducer → webview channel → the JSON a post carries), timed as it
 * happens (per event, and per batch of text the turn runner folds in later) and bucketed by
 * position in the answer.
 * The host code is the real one (`src/`); only the webview port is a recorder, because VS Code's
 * `postMessage` is not available outside an extension host.
 */
import { TurnRunner } from '../src/chat/turnRunner';
import { WebviewChannel, type WebviewPort } from '../src/chat/webviewChannel';
import { AnthropicProvider } from '../src/providers/anthropicProvider';
import type { ChatState } from '../src/shared/transcript';
import type { TurnEvent } from '../src/core/turnEvents';
import { BENCH_MODEL } from './sdkConsume';

export interface HostDeltaCosts {
  /** Host milliseconds per text delta in each tenth of the answer (by character position). */
  readonly perDeltaMsByTenth: number[];
  readonly deltas: number;
  readonly posts: number;
}

/** Runs one answer through the host pipeline and times its work per delta. */
export async function hostDeltaCosts(baseURL: string, prompt: string, totalChars: number): Promise<HostDeltaCosts> {
  const msByTenth = new Array<number>(10).fill(0);
  const deltasByTenth = new Array<number>(10).fill(0);
  let chars = 0;
  let posts = 0;
  /** Inside a timed call (the event callback, or `apply` of text folded in later). */
  let timing = false;
  const tenth = (): number => Math.min(9, Math.floor((chars / totalChars) * 10));
  const port: WebviewPort = {
    visible: true,
    postMessage(message) {
      // VS Code serialises every post; that work is the host's too (timed here unless a caller
      // below already times it).
      const started = performance.now();
      JSON.stringify(message);
      if (!timing) msByTenth[tenth()]! += performance.now() - started;
      posts++;
    },
  };
  const emptyState: ChatState = { turns: [], keySource: 'environment', model: BENCH_MODEL, usageTotals: '' } as unknown as ChatState;
  const channel = new WebviewChannel(() => emptyState);
  channel.attach(port);
  channel.sendSnapshot();
  const provider = new AnthropicProvider({ apiKey: 'bench-key', baseUrl: baseURL, maxRetries: 0 });
  const timedProvider = {
    ...provider,
    send: (request: Parameters<AnthropicProvider['send']>[0], onEvent: Parameters<AnthropicProvider['send']>[1], signal: AbortSignal) =>
      provider.send(
        request,
        (event) => {
          const started = performance.now();
          timing = true;
          onEvent(event);
          timing = false;
          const bucket = tenth();
          msByTenth[bucket]! += performance.now() - started;
          if (event.type === 'textDelta') {
            deltasByTenth[bucket]!++;
            chars += event.text.length;
          }
        },
        signal,
      ),
  } as unknown as AnthropicProvider;
  const runner = new TurnRunner(
    'bench-turn',
    timedProvider,
    { model: BENCH_MODEL, maxTokens: 8192, messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], stream: true },
    { stateChanged: () => undefined, deltas: (deltas) => channel.push(deltas) },
  );
  // Text that arrives together is folded into the turn later, outside the event callback
  // (textDeltaBatch.ts): that work is timed where the runner applies it.
  const internals = runner as unknown as { apply?: (event: TurnEvent) => void };
  if (typeof internals.apply !== 'function') throw new Error('TurnRunner.apply is gone: time the host work it did some other way');
  const apply = internals.apply.bind(runner);
  internals.apply = (event) => {
    if (timing) return apply(event);
    const started = performance.now();
    timing = true;
    apply(event);
    timing = false;
    msByTenth[tenth()]! += performance.now() - started;
  };
  const outcome = await runner.run();
  channel.flush();
  channel.dispose();
  if (outcome.status !== 'done') throw new Error(`the host pipeline's answer ended ${outcome.status}`);
  const deltas = deltasByTenth.reduce((a, b) => a + b, 0);
  return { perDeltaMsByTenth: msByTenth.map((ms, i) => ms / Math.max(1, deltasByTenth[i]!)), deltas, posts };
}
