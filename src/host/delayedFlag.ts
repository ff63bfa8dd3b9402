/**
 * A flag that turns on only once it has been wanted on for a moment, and off at once. For the
 * workbench's signs that Claude is answering (the status-bar item, the title bar's Stop): an
 * answer that ends within the moment never flashes them, and the workbench does not redraw while
 * the first words are on their way. (Updating them at Send cost about 12 ms more to the first
 * painted word in the benchmark: interleaved runs, medians 57–60 ms against 42–46 ms.)
 */

/** How long an answer streams before the workbench shows it. */
export const STREAMING_UI_DELAY_MS = 150;

export interface DelayedFlag {
  readonly on: boolean;
  set(wanted: boolean): void;
  dispose(): void;
}

export function delayedFlag(apply: (on: boolean) => void, delayMs = STREAMING_UI_DELAY_MS): DelayedFlag {
  let on = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    get on() {
      return on;
    },
    set(wanted) {
      if (wanted) {
        if (on || timer !== undefined) return;
        timer = setTimeout(() => {
          timer = undefined;
          on = true;
          apply(true);
        }, delayMs);
        return;
      }
      cancel();
      if (!on) return;
      on = false;
      apply(false);
    },
    dispose: cancel,
  };
}
