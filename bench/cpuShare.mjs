// `BENCH_CPU=1`: where the machine's CPU time goes during the 1 MiB runs (P1), by process and,
// for Chromium and the extension host, by thread. Read from /proc (Linux), so it sees every
// process: the panel's renderer, the extension host, the fake server, the bench driver itself.
import fs from 'node:fs';
import { fmt } from './report.mjs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Sums CPU time per label over several measured stretches; `report()` prints the means. */
export function createCpuShare() {
  const totals = new Map();
  let stretches = 0;
  return {
    /** Starts a stretch; the returned function ends it. */
    start() {
      const before = cpuTicks();
      return () => {
        for (const [id, { ticks, label }] of cpuTicks()) {
          const spent = ticks - (before.get(id)?.ticks ?? 0);
          if (spent > 0) totals.set(label, (totals.get(label) ?? 0) + (spent * 1000) / TICKS_PER_SECOND);
        }
        stretches++;
      };
    },
    report(log) {
      if (stretches === 0) return;
      log(`  CPU per 1 MiB run (mean of ${stretches}, from /proc):`);
      for (const [label, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
        if (ms / stretches >= 5) log(`    ${fmt(ms / stretches).padStart(6)} ms  ${label}`);
      }
    },
  };
}

/** CPU ticks of every process, and of every thread of the processes worth splitting. */
function cpuTicks() {
  const out = new Map();
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const kind = processKind(command);
      if (!kind.split) {
        out.set(pid, { ticks: statTicks(`/proc/${pid}/stat`).ticks, label: kind.label });
        continue;
      }
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const { ticks, name } = statTicks(`/proc/${pid}/task/${tid}/stat`);
        // Numbered pools (CompositorTileWorker1, 2…) count as one.
        const thread = tid === pid ? 'main thread' : name.replace(/\d+$/, '');
        out.set(`${pid}/${tid}`, { ticks, label: `${kind.label}: ${thread}` });
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

function statTicks(file) {
  const stat = fs.readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime: fields 14 and 15 of stat(5), counted from the state field (3).
  return { ticks: Number(fields[11]) + Number(fields[12]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) };
}

function processKind(command) {
  if (command.includes('--type=renderer')) return { label: 'Chromium renderer', split: true };
  if (command.includes('--type=gpu-process')) return { label: 'Chromium GPU process', split: true };
  if (command.includes('--type=utility')) return { label: 'Chromium utility process', split: false };
  if (/chrom/i.test(command) && !command.includes('--type=')) return { label: 'Chromium browser process', split: false };
  if (command.includes('extensionHost')) return { label: 'extension host', split: true };
  if (command.includes('fake/cli')) return { label: 'fake server', split: false };
  if (command.includes('bench/run.mjs')) return { label: 'bench driver', split: false };
  if (command.includes('code-server')) return { label: 'code-server', split: false };
  return { label: 'other', split: false };
}
