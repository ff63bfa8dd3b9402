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
      /** The frame holding the chat app (it changes when the webview reloads). */
      frame: await chatAppFrame(page),
      async newChat() {
        await runCommand(page, 'Inkwell: New Chat');
        await session.frame.waitForFunction(() => document.querySelectorAll('[role="log"] > article').length === 0, undefined, { timeout: 10_000 });
      },
      async reloadWebview() {
        const old = session.frame;
        await runCommand(page, 'Developer: Reload Webviews');
        session.frame = await chatAppFrame(page, old);
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

/** Finds the frame whose window runs the chat app (two frames below the workbench). */
async function chatAppFrame(page, notThis, timeoutMs = 60_000) {
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
