// What a person sees in the chat webview, in a real VS Code driven by headless Chromium: text
// growing while it streams, Stop, an error with its action, and an edit applied by its Accept button.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FakeServerClient } from '../fake/fakeServerClient.ts';
import { longMarkdown } from '../fake/longMarkdown.ts';
import { EXPECTED } from '../fake/scenarioTexts.ts';
import { expectVisible, fakeServerUrl, freshChat, runCommand, send, uiSession } from './helpers.mjs';

function lastClaude(chat) {
  return chat.getByRole('article', { name: 'Claude' }).last();
}

describe('chat flows', function () {
  this.timeout(90_000);
  let fake;
  beforeEach(async () => {
    fake = new FakeServerClient(fakeServerUrl());
    await fake.reset();
  });

  it('shows the answer growing while it streams, then Stop keeps it and closes the request', async () => {
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:slow-drip]] count for me');
    const answer = lastClaude(chat);
    await expectVisible(answer.getByText('drip 2.', { exact: false }));
    const early = (await answer.innerText()).length;
    await expectVisible(answer.getByText('drip 6.', { exact: false }));
    const later = (await answer.innerText()).length;
    assert.ok(later > early, `the text grew (${early} → ${later} characters)`);

    const stop = chat.getByRole('button', { name: 'Stop' });
    await expectVisible(stop);
    await stop.click();
    // Exact: the usage line under the answer says "stopped after N tokens" too.
    await expectVisible(answer.getByText('Stopped', { exact: true }));
    await chat.getByRole('button', { name: 'Stop' }).waitFor({ state: 'hidden', timeout: 5000 });
    const kept = await answer.innerText();
    assert.match(kept, /drip 1\. drip 2\./, 'the partial answer stays');
    const request = await fake.waitForOutcome(0, 5000);
    assert.equal(request.outcome, 'client-closed');
    await page.waitForTimeout(300);
    assert.equal(await answer.innerText(), kept, 'nothing arrives after Stop');
  });

  it('two answers at once: each turn gets "Stop this answer", which stops only that one', async () => {
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:slow-drip]] first');
    await fake.waitForRequests(1);
    // A second answer from the palette while the first streams.
    await runCommand(page, 'Inkwell: Ask Claude');
    const input = page.locator('.quick-input-widget input');
    await input.fill('[[scenario:slow-drip]] second');
    await input.press('Enter');
    await fake.waitForRequests(2);

    const answers = chat.getByRole('article', { name: 'Claude' });
    const first = answers.nth(0);
    const second = answers.nth(1);
    await expectVisible(second.getByText('drip 2.', { exact: false }));
    await expectVisible(first.getByRole('button', { name: 'Stop this answer' }));
    await first.getByRole('button', { name: 'Stop this answer' }).click();
    await expectVisible(first.getByText('Stopped', { exact: true }));
    assert.equal((await fake.waitForOutcome(0, 5000)).outcome, 'client-closed');
    assert.equal((await fake.requests())[1].outcome, undefined, 'the second request is still open');
    // Back to one answer: the per-turn button goes, the composer's Stop stays for the second.
    await second.getByRole('button', { name: 'Stop this answer' }).waitFor({ state: 'detached', timeout: 5000 });
    const before = (await second.innerText()).length;
    for (let i = 0; i < 100 && (await second.innerText()).length <= before; i++) await page.waitForTimeout(100);
    assert.ok((await second.innerText()).length > before, 'the second answer keeps streaming');

    await chat.getByRole('button', { name: 'Stop', exact: true }).click();
    await expectVisible(second.getByText('Stopped', { exact: true }));
    assert.equal((await fake.waitForOutcome(1, 5000)).outcome, 'client-closed');
  });

  it('shows an error inside the turn, with the action that fixes it', async () => {
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:unauthorized]] hello');
    const alert = lastClaude(chat).getByRole('alert');
    await expectVisible(alert);
    assert.match(await alert.innerText(), /API key rejected/);
    await expectVisible(alert.getByRole('button', { name: 'Set API Key' }));
  });

  it('renders markdown with a highlighted code block and a copy button', async () => {
    const { page, chat } = await freshChat();
    await send(chat, 'What is demo mode?');
    const answer = lastClaude(chat);
    await expectVisible(answer.getByRole('button', { name: 'Copy code' }).first(), 20_000);
    // Code is highlighted once its fence closes, a moment after the copy button appears.
    await expectVisible(answer.locator('pre code span[class^="hljs"]').first(), 20_000);
    assert.ok((await answer.locator('strong').count()) > 0, 'markdown is rendered, not shown raw');
  });

  it('shows the end of a burst formatted at once, and all of it formatted soon after', async () => {
    const { chat } = await freshChat();
    const bytes = 256 * 1024;
    const headings = longMarkdown(bytes).match(/^## .*$/gm).map((line) => line.slice(3).trim());
    // Text far above the end of a burst may wait unrendered (parked) until it is near the view or
    // the panel idles: watch for that from the start.
    await chat.locator('body').evaluate((body) => {
      const seen = (window.__parkedSeen = { most: 0, visibility: new Set() });
      new MutationObserver(() => {
        const parked = body.querySelectorAll('.markdown-parked');
        seen.most = Math.max(seen.most, parked.length);
        for (const piece of parked) seen.visibility.add(getComputedStyle(piece).contentVisibility);
      }).observe(body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    });
    await send(chat, `[[scenario:long-markdown:${bytes}]] all at once`);
    const answer = lastClaude(chat);
    await expectVisible(answer.getByRole('heading', { name: headings.at(-1), exact: true }), 30_000);
    // Busy until all of it is formatted, so that screen readers announce it whole.
    await chat.locator('article[aria-label="Claude"][aria-busy="true"]').waitFor({ state: 'detached', timeout: 15_000 });
    const seen = await answer.evaluate(() => ({ most: window.__parkedSeen.most, visibility: [...window.__parkedSeen.visibility] }));
    assert.ok(seen.most > 0, 'a burst this large arrives faster than it is formatted: its start waited');
    assert.deepEqual(seen.visibility, ['hidden'], 'waiting text is not rendered');
    assert.equal(await answer.locator('.markdown-parked').count(), 0);
    const shown = await answer.evaluate((article) => Array.from(article.querySelectorAll('.markdown h2'), (h) => h.textContent.trim()));
    assert.deepEqual(shown, headings, 'every heading formatted, in order');
  });

  it('applies a proposed edit when its Accept button is clicked', async () => {
    const greet = path.join(uiSession().workspace, 'src', 'greet.ts');
    fs.mkdirSync(path.dirname(greet), { recursive: true });
    fs.writeFileSync(greet, EXPECTED.toolEdit.fileBefore);
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:tool-edit]] make the greeting friendlier');
    const group = chat.getByRole('group', { name: 'Proposed edit: src/greet.ts' });
    await expectVisible(group, 20_000);
    await expectVisible(group.getByRole('button', { name: 'Show diff' }));
    await expectVisible(group.getByRole('button', { name: 'Reject' }));
    assert.equal(fs.readFileSync(greet, 'utf8'), EXPECTED.toolEdit.fileBefore, 'nothing changes before Accept');
    await group.getByRole('button', { name: 'Accept' }).click();
    const deadline = Date.now() + 10_000;
    while (fs.readFileSync(greet, 'utf8') !== EXPECTED.toolEdit.fileAfter && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(fs.readFileSync(greet, 'utf8'), EXPECTED.toolEdit.fileAfter);
    await expectVisible(group.getByText('Accepted', { exact: false }));
  });

  it('counts down a rate-limit retry in the turn, then the answer arrives; a cut-off answer is marked', async () => {
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:rate-limited-once:2500]] hello');
    const answer = lastClaude(chat);
    const status = answer.getByRole('status');
    await expectVisible(status.getByText(/^Rate limited — retrying in [1-3] s$/), 10_000);
    const first = await status.locator('.turn-retry-message').innerText();
    await expectVisible(status.getByText('Attempt 2 of 5'));
    await expectVisible(status.getByRole('button', { name: 'Retry now' }));
    await expectVisible(status.getByRole('button', { name: 'Cancel' }));
    // The webview counts down by itself: the seconds go down without the host posting them.
    const deadline = Date.now() + 3000;
    let later = first;
    while (later === first && Date.now() < deadline) {
      await page.waitForTimeout(100);
      later = await status.locator('.turn-retry-message').innerText().catch(() => first);
    }
    assert.notEqual(later, first, `the countdown moved on from "${first}"`);
    await expectVisible(answer.getByText(EXPECTED.rateLimitedOnce), 10_000);
    await status.waitFor({ state: 'hidden', timeout: 5000 });
    const requests = await fake.requests();
    assert.deepEqual(requests.map((r) => r.scenario), ['rate-limited-once', 'rate-limited-once']);

    await send(chat, '[[scenario:drop-mid-stream]] again');
    const cut = lastClaude(chat);
    await expectVisible(cut.getByRole('alert'));
    await expectVisible(cut.getByText('Incomplete answer: it was cut off here.'));
    await expectVisible(cut.getByRole('alert').getByRole('button', { name: 'Retry' }));
  });
});
