// Waiting for the machine to go quiet before a timed run. After a 1 MiB answer the panel and the
// extension host keep working for a while (code blocks coloured in idle time, garbage collected,
// the conversation saved a second after the turn), and whatever is timed next would pay for it.
import os from 'node:os';
import { delay } from '../scripts/processGroups.mjs';

const POLL_MS = 100;

/**
 * Resolves once the machine has been busy with less than `busyCpus` (in CPUs: 0.25 = a quarter
 * of one core, summed over all cores) for `forMs`, or after `timeoutMs` in any case. Counted in
 * CPUs rather than as a share of the machine: the work left over from an answer runs on one
 * thread, which a share of many cores would hide.
 * @returns {Promise<boolean>} whether the machine went quiet in time
 */
export async function waitForQuietMachine({ busyCpus = 0.25, forMs = 300, timeoutMs = 5000 } = {}) {
  const started = performance.now();
  let previous = cpuTimes();
  let quietFor = 0;
  while (performance.now() - started < timeoutMs) {
    await delay(POLL_MS);
    const now = cpuTimes();
    const total = now.total - previous.total;
    const busy = total > 0 ? ((now.busy - previous.busy) / total) * now.cpus : 0;
    previous = now;
    quietFor = busy < busyCpus ? quietFor + POLL_MS : 0;
    if (quietFor >= forMs) return true;
  }
  return false;
}

/** CPU time so far, summed over all cores (ms): busy, and in total. */
function cpuTimes() {
  const cpus = os.cpus();
  let busy = 0;
  let total = 0;
  for (const { times } of cpus) {
    const used = times.user + times.nice + times.sys + times.irq;
    busy += used;
    total += used + times.idle;
  }
  return { busy, total, cpus: cpus.length };
}
