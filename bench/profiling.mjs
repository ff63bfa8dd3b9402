// Profiling aids for the benchmark's first 1 MiB run: `BENCH_PROFILE=dir` writes a CPU profile of
// the page's renderer (workbench and webview frames); `BENCH_TRACE=1` prints where the renderer's
// main thread spent its time, by trace event (self time) and by frame.
import fs from 'node:fs';
import path from 'node:path';
import { fmt } from './report.mjs';

const log = (line) => console.log(`  ${line}`);

export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      log(`  profile: ${file}`);
    },
  };
}

export async function startTrace(page) {
  const trace = await collectTrace(page, 'toplevel,devtools.timeline,v8');
  return {
    async stop() {
      for (const [thread, list] of mainThreadEvents(await trace.stop())) summarize(thread, list);
    },
  };
}

/** Records trace events of `categories` until `stop()`, which resolves with them. */
async function collectTrace(page, categories) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      return events;
    },
  };
}

/** Complete events of each renderer main thread, by thread. */
function mainThreadEvents(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    const thread = `${e.pid}/${e.tid}`;
    if (e.ph !== 'X' || !e.dur || names.get(thread) !== 'CrRendererMain') continue;
    if (!byThread.has(thread)) byThread.set(thread, []);
    byThread.get(thread).push(e);
  }
  return byThread;
}

/** Prints busy time, then self time (children subtracted) by frame and by event name. */
function summarize(thread, list) {
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  let busy = 0;
  for (const e of list) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.self -= e.dur;
    else busy += e.dur;
    e.self = e.dur;
    e.depth = stack.length;
    stack.push(e);
  }
  const byName = new Map();
  const byFrame = new Map();
  for (const e of list) {
    const v = byName.get(e.name) ?? { ms: 0, n: 0 };
    v.ms += e.self / 1000;
    v.n++;
    byName.set(e.name, v);
    const frame = e.args?.beginData?.frame ?? e.args?.data?.frame;
    if (frame) byFrame.set(`${frame.slice(0, 6)} ${e.name}`, (byFrame.get(`${frame.slice(0, 6)} ${e.name}`) ?? 0) + e.self / 1000);
  }
  log(`  trace: renderer main thread ${thread} busy ${fmt(busy / 1000)} ms`);
  for (const task of list.filter((e) => e.depth === 0 && e.dur > 50_000)) {
    const inside = list.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
    const parts = new Map();
    for (const e of inside) {
      const what = e.args?.data?.functionName || e.args?.data?.url?.split('/').pop() || '';
      const key = what ? `${e.name} ${what}` : e.name;
      parts.set(key, (parts.get(key) ?? 0) + e.self / 1000);
    }
    const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${fmt(ms)}`);
    log(`  trace long task ${fmt(task.dur / 1000)} ms: ${top.join(', ')}`);
  }
  for (const [key, ms] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, 12)) log(`  trace frame ${key}: ${fmt(ms)} ms`);
  for (const [name, v] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
    log(`  trace ${fmt(v.ms).padStart(6)} ms ${String(v.n).padStart(6)}×  ${name}`);
  }
}

/**
 * CPU time of the renderer's main thread (workbench and webview frames together) while tracing:
 * less sensitive than wall time to the other processes on a busy machine.
 */
export async function startCpuTrace(page) {
  const trace = await collectTrace(page, 'toplevel');
  return {
    async stop() {
      let cpuMicros = 0;
      for (const list of mainThreadEvents(await trace.stop()).values()) {
        let openUntil = 0;
        for (const e of list.sort((a, b) => a.ts - b.ts)) {
          if (e.ts < openUntil) continue;
          cpuMicros += e.tdur ?? e.dur;
          openUntil = e.ts + e.dur;
        }
      }
      return cpuMicros / 1000;
    },
  };
}
