// P1's yardstick, the bare SDK consuming the same 1 MiB stream in Node, timed in a Node process of
// its own that does nothing else. Timed in the benchmark's own process instead, beside Playwright
// and its connection to the browser, the same consume took 1.3–2× as long (130–226 ms against
// 86–96 ms measured side by side), which flattered the ratio.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./yardstickProcess.ts', import.meta.url));
/** A consume that takes this long is stuck (it takes about 0.1 s). */
const MEASURE_TIMEOUT_MS = 60_000;

/**
 * Starts the process and warms it up (its first consumes are slower while the JIT compiles).
 * @param {string} url     the fake server
 * @param {string} prompt  the 1 MiB answer's prompt
 */
export async function startYardstick(url, prompt, warmUps = 5) {
  // Only what loads TypeScript: flags the benchmark itself runs with (a profiler, an inspector)
  // would slow the yardstick alone.
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending;
  const settle = (message) => {
    const done = pending;
    pending = undefined;
    done?.(message);
  };
  child.on('message', settle);
  child.on('error', (error) => settle({ error: `the yardstick process failed: ${error.message}` }));
  child.on('exit', (code, signal) => settle({ error: `the yardstick process exited (${signal ?? code})` }));
  /** @returns {Promise<number>} milliseconds of one consume */
  const measure = () =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error('the yardstick process is gone'));
      const timer = setTimeout(() => settle({ error: `no answer from the yardstick process in ${MEASURE_TIMEOUT_MS} ms` }), MEASURE_TIMEOUT_MS);
      pending = (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error));
        else resolve(message.ms);
      };
      child.send({ url, prompt });
    });
  const stop = () => {
    if (child.connected) child.disconnect();
    child.kill();
  };
  const warmUpMs = [];
  try {
    for (let i = 0; i < warmUps; i++) warmUpMs.push(await measure());
  } catch (error) {
    stop();
    throw error;
  }
  return { warmUpMs, measure, stop };
}
