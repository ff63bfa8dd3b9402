// Child processes that must never outlive the run that started them: each runs in its own
// process group, so stopping it also stops what it spawned (code-server's extension host keeps
// running after code-server itself exits otherwise), and every group still alive is killed when
// this process exits, including on Ctrl+C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

// Process groups still running; killed on any exit so a crashed or interrupted run leaves no
// code-server or extension host behind.
const liveProcessGroups = new Set();
let exitHooksInstalled = false;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveProcessGroups) killGroup(pid, 'SIGKILL');
  });
  const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const [signal, number] of Object.entries(signalNumbers)) {
    process.once(signal, () => {
      for (const pid of liveProcessGroups) killGroup(pid, 'SIGKILL');
      process.exit(128 + number);
    });
  }
}

/**
 * Starts a child in its own process group (so the whole tree can be stopped at once) and makes
 * sure the group dies with this process.
 * @returns {{ child: import('node:child_process').ChildProcess, stop: () => Promise<void> }}
 */
export function spawnGroup(command, args, options) {
  installExitHooks();
  const child = spawn(command, args, { ...options, detached: true });
  liveProcessGroups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (!liveProcessGroups.has(child.pid)) return;
    // Signal the group, not just the leader: the extension host outlives code-server otherwise.
    killGroup(child.pid, 'SIGTERM');
    await Promise.race([exited, delay(3000)]);
    killGroup(child.pid, 'SIGKILL');
    await Promise.race([exited, delay(1000)]);
    liveProcessGroups.delete(child.pid);
  };
  return { child, stop };
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Kills every process whose environment contains `name=value`. Processes started for a run
 * inherit a marker variable, so this finds what a crashed or killed runner could not stop
 * itself, even children that moved to their own process group (code-server, Chromium).
 * Linux only (reads /proc); elsewhere it does nothing. Returns how many were killed.
 */
export function killProcessesMarked(name, value) {
  const marker = `${name}=${value}`;
  let killed = 0;
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (environ.includes(marker)) {
        process.kill(pid, 'SIGKILL');
        killed++;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}
