// The chat view renders inside a real workbench and exposes the accessible names the contract
// promises (CONTRACT.md, "Webview accessibility names").
import assert from 'node:assert/strict';
import { expectVisible, openInkwellChat, openWorkbench } from './helpers.mjs';

describe('chat view', () => {
  it('shows a "Message" textbox and a "Send" button', async () => {
    const page = await openWorkbench();
    const chat = await openInkwellChat(page);
    await expectVisible(chat.getByRole('textbox', { name: 'Message' }));
    await expectVisible(chat.getByRole('button', { name: 'Send' }));
    assert.equal(await chat.getByRole('button', { name: 'Send' }).count(), 1);
  });
});
