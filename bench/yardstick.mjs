// P1's yardstick, the bare SDK consuming the same 1 MiB stream in Node, timed in a Node process of
// its own that does nothing else. Timed in the benchmark's own process instead, beside Playwright
// and its connection to the browser, the same consume took 1.3–2× as long (130–226 ms against
// 86–96 ms measured side by side), which flattered the ratio.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./yardstickProcess.ts', import.meta.url));

/**
 * Starts the process and warms it up (its first consumes are slower while the JIT compiles).
 * @param {string} url     the fake server
 * @param {string} prompt  the 1 MiB answer's prompt
 */
export async function startYardstick(url, prompt, warmUps = 5) {
  // The benchmark runs under `--import tsx`; the child inherits it and can load TypeScript.
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending;
  child.on('message', (message) => pending?.(message));
  child.on('exit', (code) => pending?.({ error: `the yardstick process exited (${code})` }));
  /** @returns {Promise<number>} milliseconds of one consume */
  const measure = () =>
    new Promise((resolve, reject) => {
      pending = (message) => {
        pending = undefined;
        if (message.error) reject(new Error(message.error));
        else resolve(message.ms);
      };
      child.send({ url, prompt });
    });
  const warmUpMs = [];
  for (let i = 0; i < warmUps; i++) warmUpMs.push(await measure());
  return {
    warmUpMs,
    measure,
    stop() {
      if (child.connected) child.disconnect();
    },
  };
}
