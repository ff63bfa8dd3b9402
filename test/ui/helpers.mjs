// Helpers for UI tests: a real VS Code (code-server) with Inkwell installed from this repo, driven
// through headless Chromium with playwright-core. Run them with
// `mocha --config test/ui/.mocharc.json` (or `npm test -- ui`).
//
// One code-server, one browser and one fake Anthropic server serve the whole UI run; they are
// started by the root hooks in ./hooks.mjs. The extension host sees
//   ANTHROPIC_BASE_URL = INKWELL_FAKE_URL = the fake server, ANTHROPIC_API_KEY = test-key.
// Everything a run produces (logs, screenshots of failed tests) is in .test-artifacts/ui-*/.
//
//   import { openWorkbench, openInkwellChat, fakeServerUrl } from './helpers.mjs';
//
//   it('answers', async () => {
//     const page = await openWorkbench();           // fresh window = fresh extension host
//     const chat = await openInkwellChat(page);     // FrameLocator inside the chat webview
//     await chat.getByRole('textbox', { name: 'Message' }).fill('hello');
//     await chat.getByRole('button', { name: 'Send' }).click();
//     await expectVisible(chat.getByRole('article', { name: 'Claude' }));
//   });
//
// Exports:
//   openWorkbench({ folder? })   new browser tab on the workbench (sample workspace by default),
//                                resolved once Inkwell's activity-bar entry is there; closed and,
//                                if the test failed, screenshotted automatically after each test
//   openInkwellChat(page)        reveals the Inkwell chat view; returns its webview FrameLocator
//                                once the "Message" textbox is visible
//   chatFrame(page)              the chat webview's FrameLocator (no waiting)
//   runCommand(page, title)      runs a command through the F1 palette by its visible title,
//                                e.g. 'Inkwell: New Chat' (waits until the palette lists it)
//   notificationToasts(page)     locator for the workbench's notification toasts
//   expectVisible(locator, ms?)  waits until visible, with the locator in the error message
//   fakeServerUrl()              the fake Anthropic server's URL (drive it with
//                                test/fake/fakeServerClient.ts: tests run with tsx loaded)
//   uiSession()                  { server, browser, runDir, workspace, fakeUrl } of this run
//
// Environment: INKWELL_SKIP_BUILD=1 skips `node esbuild.mjs` (npm test builds once for all tiers);
// INKWELL_EXTENSION_PATH=<folder> loads another extension folder instead of this repo.
//
// Notes: all windows of a run share one user-data folder, so SecretStorage and settings written
// by one test are seen by later tests; reset what you change. Monaco inputs (the editor) have no
// usable textarea: click the editor, then use page.keyboard. The chat input is a plain webview
// textbox and works with fill().
import fs from 'node:fs';
import path from 'node:path';
import {
  createRunDir,
  createSampleWorkspace,
  launchChromium,
  linkExtension,
  repoRoot,
  startCodeServer,
  workbenchUrl,
} from '../../scripts/codeServer.mjs';
import { buildExtension } from '../../scripts/buildExtension.mjs';
import { startFakeAnthropic } from '../../scripts/fakeAnthropic.mjs';

/** @type {{ server: any, browser: import('playwright-core').BrowserContext, runDir: string, workspace: string, fakeUrl?: string, stops: Array<() => Promise<void>> } | undefined} */
let session;
/** Pages opened by the current test, screenshotted on failure and closed afterwards. */
const pagesOfCurrentTest = new Set();

export function uiSession() {
  if (!session) throw new Error('the UI session is not running: run UI tests with --config test/ui/.mocharc.json');
  return session;
}

export function fakeServerUrl() {
  return uiSession().fakeUrl;
}

/** Starts code-server with Inkwell, the fake Anthropic server and Chromium (root hook). */
export async function startUiSession() {
  const runDir = createRunDir('ui');
  const stops = [];
  try {
    if (!process.env.INKWELL_SKIP_BUILD) {
      if (!(await buildExtension())) throw new Error('building the extension failed');
    }
    const fake = await startFakeAnthropic({ logFile: path.join(runDir, 'fake-anthropic.log') });
    if (fake) stops.push(fake.stop);
    else console.warn('    (test/fake/cli.ts not found: UI tests run without the fake Anthropic server)');
    const fakeEnv = fake ? { ANTHROPIC_BASE_URL: fake.url, INKWELL_FAKE_URL: fake.url } : {};

    const extensionsDir = path.join(runDir, 'extensions');
    linkExtension(extensionsDir, process.env.INKWELL_EXTENSION_PATH || repoRoot);
    const server = await startCodeServer({
      runDir,
      extensionsDir,
      env: { ...fakeEnv, ANTHROPIC_API_KEY: 'test-key' },
      reconnectionGraceSeconds: 5,
    });
    stops.push(server.stop);
    const browser = await launchChromium({ runDir });
    stops.push(() => browser.close());
    const workspace = createSampleWorkspace(path.join(runDir, 'workspace'));
    session = { server, browser, runDir, workspace, fakeUrl: fake?.url, stops };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

export async function stopUiSession() {
  if (!session) return;
  const { stops } = session;
  session = undefined;
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}

/**
 * Opens the workbench in a new tab and waits until Inkwell's activity-bar entry exists, i.e. the
 * extension's contributions are registered (the workbench itself appears seconds earlier).
 * @returns {Promise<import('playwright-core').Page>}
 */
export async function openWorkbench({ folder } = {}) {
  const { browser, server, workspace, runDir } = uiSession();
  const page = await browser.newPage();
  pagesOfCurrentTest.add(page);
  const consoleLog = path.join(runDir, 'browser-console.log');
  page.on('console', (message) => fs.appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => fs.appendFileSync(consoleLog, `[pageerror] ${error.stack ?? error}\n`));
  await page.goto(workbenchUrl({ url: server.url, folder: folder ?? workspace }));
  await expectVisible(page.getByRole('tab', { name: 'Inkwell' }), 60_000);
  return page;
}

/**
 * The chat view's webview content. VS Code nests it two frames down: the webview host iframe,
 * then the frame holding the extension's HTML. Assumes the chat is the only open webview.
 * @returns {import('playwright-core').FrameLocator}
 */
export function chatFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Reveals the Inkwell chat view (its `inkwell.chat.focus` command) and waits for its input. */
export async function openInkwellChat(page) {
  await runCommand(page, 'Inkwell: Focus on Chat View');
  const chat = chatFrame(page);
  // A cold extension host needs several seconds to activate Inkwell and render the webview.
  await expectVisible(chat.getByRole('textbox', { name: 'Message' }), 60_000);
  return chat;
}

/**
 * Runs a command from the F1 palette, choosing the entry whose label is exactly `title`.
 * The palette lists the commands known when it opens, and a window restores Inkwell's
 * activity-bar entry from saved state before the extension host has registered Inkwell's
 * commands, so a missing entry means "reopen and look again", until `timeout`.
 */
export async function runCommand(page, title, timeout = 30_000) {
  const input = page.locator('.quick-input-widget input');
  const entry = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await expectVisible(input);
    // The palette closes when focus moves (e.g. the chat's message box taking focus a moment
    // after New Chat); it is then opened again, until the deadline.
    const filled = await input.fill(`>${title}`, { timeout: 2000 }).then(() => true, () => false);
    const found = filled && (await entry.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false));
    // The palette can also close between finding the entry and clicking it: then try again.
    const clicked = found && (await entry.click({ timeout: 2000 }).then(() => true, () => false));
    if (clicked) return;
    if (filled) await page.keyboard.press('Escape');
    if (Date.now() > deadline) throw new Error(`no command "${title}" in the palette after ${timeout} ms`);
  }
}

/** A workbench with the chat open on a fresh conversation (the profile is shared by the whole run). */
export async function freshChat() {
  const page = await openWorkbench();
  const chat = await openInkwellChat(page);
  await runCommand(page, 'Inkwell: New Chat');
  await chat.getByRole('article').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  return { page, chat };
}

/** Types `text` into the chat's message box and sends it with Enter. */
export async function send(chat, text) {
  const box = chat.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

export function notificationToasts(page) {
  return page.locator('.notification-toast');
}

export async function expectVisible(locator, timeout = 10_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new Error(`not visible after ${timeout} ms: ${locator}\n${error.message.split('\n')[0]}`);
  }
}

/** Root afterEach: screenshots of a failed test's pages, then closes them. */
export async function finishTestPages(test) {
  const failed = test?.state === 'failed';
  let index = 0;
  for (const page of pagesOfCurrentTest) {
    if (failed && !page.isClosed()) {
      const name = `${test.fullTitle().replace(/[^\w.-]+/g, '_').slice(0, 120)}${index ? `-${index}` : ''}.png`;
      const file = path.join(uiSession().runDir, 'screenshots', name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file }).then(
        () => console.log(`      screenshot: ${path.relative(repoRoot, file)}`),
        () => undefined,
      );
    }
    index++;
    await page.close().catch(() => undefined);
  }
  pagesOfCurrentTest.clear();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
