// One benchmark session: code-server with one build of the extension, the fake Anthropic server
// and headless Chromium, with the chat view open. Reuses the UI tests' code-server helpers.
import fs from 'node:fs';
import path from 'node:path';
import { createSampleWorkspace, launchChromium, linkExtension, startCodeServer, workbenchUrl } from '../scripts/codeServer.mjs';
import { delay } from '../scripts/processGroups.mjs';
import { expectVisible, runCommand } from '../test/ui/helpers.mjs';

/**
 * @param {{ runDir: string, extensionPath: string, fakeUrl: string, metricsFile: string }} options
 */
export async function startBenchSession({ runDir, extensionPath, fakeUrl, metricsFile }) {
  const stops = [];
  try {
    const extensionsDir = path.join(runDir, 'extensions');
    linkExtension(extensionsDir, extensionPath);
    const server = await startCodeServer({
      runDir,
      extensionsDir,
      env: { ANTHROPIC_BASE_URL: fakeUrl, ANTHROPIC_API_KEY: 'bench-key', INKWELL_METRICS_FILE: metricsFile },
      reconnectionGraceSeconds: 5,
    });
    stops.push(() => server.stop());
    // A narrow sidebar, as people use it; the height shows a realistic amount of transcript.
    const browser = await launchChromium({ runDir, viewport: { width: 1400, height: 900 } });
    stops.push(() => browser.close());
    const workspace = createSampleWorkspace(path.join(runDir, 'workspace'));
    const page = await browser.newPage();
    const consoleLog = path.join(runDir, 'browser-console.log');
    page.on('console', (message) => fs.appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
    await page.goto(workbenchUrl({ url: server.url, folder: workspace }));
    await expectVisible(page.getByRole('tab', { name: 'Inkwell' }), 60_000);
    await runCommand(page, 'Inkwell: Focus on Chat View');
    const session = {
      page,
      /**
       * Closes the window and opens a new one on the same folder, which gets a fresh extension
       * host once the old one has gone (it waits `reconnectionGraceSeconds` for its window).
       */
      async newWindow() {
        await session.page.close();
        await delay(6000);
        session.page = await browser.newPage();
        await session.page.goto(workbenchUrl({ url: server.url, folder: workspace }));
        await expectVisible(session.page.getByRole('tab', { name: 'Inkwell' }), 60_000);
      },
      /** The frame holding the chat app (it changes when the webview reloads). */
      frame: await chatAppFrame(page),
      async newChat() {
        // New Chat answers with a snapshot. In a fresh window the transcript is empty before it
        // arrives too, so wait for the snapshot itself: one that lands after the next answer was
        // sent would replace the transcript under that answer's watcher.
        const snapshots = await session.frame.evaluate(() => window.__inkwellRenderStats.snapshotsApplied);
        await focusWorkbench(page);
        await runCommand(page, 'Inkwell: New Chat');
        await session.frame.waitForFunction(
          (before) => window.__inkwellRenderStats.snapshotsApplied > before && document.querySelectorAll('[role="log"] > article').length === 0,
          snapshots,
          { timeout: 10_000 },
        );
      },
      async reloadWebview() {
        const old = session.frame;
        await focusWorkbench(page);
        await runCommand(page, 'Developer: Reload Webviews');
        session.frame = await chatAppFrame(page, old);
      },
      /**
       * JS heap the chat webview holds: the page's heap after a full GC minus the same with the
       * chat view closed (the webview shares its renderer and heap with the workbench).
       */
      async webviewHeapBytes() {
        const cdp = await page.context().newCDPSession(page);
        const usedAfterGc = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          return (await cdp.send('Runtime.getHeapUsage')).usedSize;
        };
        const withView = await usedAfterGc();
        await focusWorkbench(page);
        await runCommand(page, 'View: Close Primary Side Bar');
        // Only a webview that is gone frees its heap: make sure it is.
        const deadline = Date.now() + 10_000;
        while (!session.frame.isDetached()) {
          if (Date.now() > deadline) throw new Error('the chat webview stayed alive after its view was closed');
          await page.waitForTimeout(100);
        }
        const withoutView = await usedAfterGc();
        await cdp.detach();
        const old = session.frame;
        await runCommand(page, 'Inkwell: Focus on Chat View');
        session.frame = await chatAppFrame(page, old);
        return { withView, withoutView, webview: withView - withoutView };
      },
      async stop() {
        for (const stop of stops.reverse()) await stop().catch(() => undefined);
      },
    };
    return session;
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

/** Keyboard shortcuts go to the workbench, not to a focused webview. */
export async function focusWorkbench(page) {
  await page.locator('.part.editor').click({ position: { x: 40, y: 40 } }).catch(() => undefined);
}

/** Finds the frame whose window runs the chat app (two frames below the workbench). */
export async function chatAppFrame(page, notThis, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === notThis || frame.isDetached()) continue;
      const ready = await frame
        .evaluate(() => Boolean(window.__inkwellRenderStats && window.__inkwellRenderStats.snapshotsApplied > 0 && document.querySelector('textarea.composer-input')))
        .catch(() => false);
      if (ready) return frame;
    }
    await delay(50);
  }
  throw new Error(`no chat webview frame within ${timeoutMs} ms`);
}
