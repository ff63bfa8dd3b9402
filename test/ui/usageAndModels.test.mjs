// The header's model button and context meter, the "Choose Model" error action, and an answer's
// "Details", as a person uses them in a real VS Code driven by headless Chromium.
import assert from 'node:assert/strict';
import { FakeServerClient } from '../fake/fakeServerClient.ts';
import { expectVisible, fakeServerUrl, freshChat, runCommand, send } from './helpers.mjs';

/** The row of the open QuickPick whose label is `label` (a leading check icon aside). */
function pickRow(page, label) {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
}

/**
 * Picks `label` in the open QuickPick. The list is virtual and scrolled to the current model, so
 * the row is brought into the DOM by filtering for it first.
 */
async function pick(page, label, filter = label) {
  await page.locator('.quick-input-widget input').fill(filter);
  const row = pickRow(page, label);
  await expectVisible(row, 20_000);
  await row.click();
}

describe('models, context and details', function () {
  this.timeout(120_000);
  let fake;
  beforeEach(async () => {
    fake = new FakeServerClient(fakeServerUrl());
    await fake.reset();
  });

  it('the header model button opens a picker of the listed models; a pick is used by the next request', async () => {
    const { page, chat } = await freshChat();
    const button = chat.getByRole('button', { name: /^Model: / });
    await expectVisible(button);
    await button.click();
    await expectVisible(page.locator('.quick-input-widget').getByText('Inkwell: Choose Model'));
    // The fake lists Claude Sonnet 5.5 as its newest Sonnet; the empty setting is current.
    const defaultRow = pickRow(page, 'Default (newest Sonnet): claude-sonnet-5-5');
    await expectVisible(defaultRow, 20_000);
    assert.match(await defaultRow.innerText(), /current/);
    await pick(page, 'claude-haiku-4-5-20251001', 'claude-haiku-4-5');
    await expectVisible(chat.getByRole('button', { name: 'Model: claude-haiku-4-5-20251001' }));

    await send(chat, '[[scenario:text-with-pings]] which model?');
    await expectVisible(chat.getByRole('article', { name: 'Claude' }).last().getByText('cached', { exact: false }), 20_000);
    const [request] = await fake.requests();
    assert.equal(request.body.model, 'claude-haiku-4-5-20251001');

    // Back to the default through the same picker: the setting is removed again.
    await chat.getByRole('button', { name: 'Model: claude-haiku-4-5-20251001' }).click();
    await expectVisible(pickRow(page, 'claude-haiku-4-5-20251001'), 20_000);
    assert.match(await pickRow(page, 'claude-haiku-4-5-20251001').innerText(), /current/);
    await pick(page, 'Default (newest Sonnet): claude-sonnet-5-5', 'Default');
    await expectVisible(chat.getByRole('button', { name: 'Model: claude-sonnet-5-5' }));
  });

  it('the "Choose Model" action of a model-not-found error opens the picker', async () => {
    const { page, chat } = await freshChat();
    await send(chat, '[[scenario:not-found]] hello');
    const alert = chat.getByRole('article', { name: 'Claude' }).last().getByRole('alert');
    await expectVisible(alert, 20_000);
    await alert.getByRole('button', { name: 'Choose Model' }).click();
    await expectVisible(page.locator('.quick-input-widget').getByText('Inkwell: Choose Model'));
    await page.locator('.quick-input-widget input').fill('Default');
    await expectVisible(pickRow(page, 'Default (newest Sonnet): claude-sonnet-5-5'), 20_000);
    await page.keyboard.press('Escape');
  });

  it('an answer shows the context meter in the header and its Details open with the keyboard', async () => {
    const { page, chat } = await freshChat();
    // A model with a known 200k window (the default, Sonnet 5.5, has none here: no meter without a limit).
    await runCommand(page, 'Inkwell: Choose Model');
    await pick(page, 'claude-opus-4-5-20251101');
    await expectVisible(chat.getByRole('button', { name: 'Model: claude-opus-4-5-20251101' }));
    await send(chat, '[[scenario:cached-answer]] hello');
    const answer = chat.getByRole('article', { name: 'Claude' }).last();
    const toggle = answer.getByRole('button', { name: 'Details' });
    await expectVisible(toggle, 20_000);
    const meter = chat.getByRole('meter', { name: 'Context window' });
    await expectVisible(meter);
    assert.match(await meter.innerText(), /^\d+(\.\d)?k \/ 200k context$/);

    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const region = answer.getByRole('region', { name: 'Answer details' });
    await expectVisible(region);
    const [request] = await fake.requests();
    const text = await region.innerText();
    assert.match(text, new RegExp(`Request id\\s+${request.requestId}`));
    assert.match(text, /Tokens\s+[\d,]+ in · [\d,]+ out · 1,024 cache write · 4,096 cache read/);
    assert.match(text, /Retries\s+0/);
    assert.match(text, /Stop reason\s+end_turn/);
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await region.waitFor({ state: 'hidden', timeout: 5000 });

    await runCommand(page, 'Inkwell: Choose Model');
    await pick(page, 'Default (newest Sonnet): claude-sonnet-5-5', 'Default');
    await expectVisible(chat.getByRole('button', { name: 'Model: claude-sonnet-5-5' }));
  });
});
