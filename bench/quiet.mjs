// Waiting for the machine to go quiet before a timed run. After a 1 MiB answer the panel and the
// extension host keep working for a while (code blocks coloured in idle time, garbage collected,
// the conversation saved a second after the turn), and whatever is timed next would pay for it.
import fs from 'node:fs';

const POLL_MS = 50;

/**
 * Resolves once the whole machine has been less than `busyBelow` busy (0–1, all CPUs together)
 * for `forMs`, or after `timeoutMs` in any case. Where /proc/stat is missing (not Linux), waits
 * one second instead.
 * @returns {Promise<{ waitedMs: number, quiet: boolean }>}
 */
export async function waitForQuietMachine({ busyBelow = 0.2, forMs = 300, timeoutMs = 5000 } = {}) {
  const started = Date.now();
  let previous = cpuTimes();
  if (!previous) {
    await delay(1000);
    return { waitedMs: Date.now() - started, quiet: false };
  }
  let quietSince;
  while (Date.now() - started < timeoutMs) {
    await delay(POLL_MS);
    const now = cpuTimes();
    const total = now.total - previous.total;
    const busy = total > 0 ? (now.busy - previous.busy) / total : 0;
    previous = now;
    if (busy >= busyBelow) quietSince = undefined;
    else if ((quietSince ??= Date.now()) && Date.now() - quietSince >= forMs) return { waitedMs: Date.now() - started, quiet: true };
  }
  return { waitedMs: Date.now() - started, quiet: false };
}

/** The machine's CPU time so far (all CPUs, clock ticks): busy, and in total. */
function cpuTimes() {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    // idle and iowait are the CPU's own idle time; everything else (steal included) was not ours.
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return undefined;
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
