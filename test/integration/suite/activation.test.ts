// Smoke test: the packaged manifest and the activated extension agree on the stable surface
// (extension id, commands, chat view) documented in CONTRACT.md.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateInkwell } from './helpers';

const CONTRACT_COMMANDS = [
  'inkwell.setApiKey',
  'inkwell.clearApiKey',
  'inkwell.setProviderApiKey',
  'inkwell.newChat',
  'inkwell.ask',
  'inkwell.stop',
  'inkwell.explainSelection',
  'inkwell.editSelection',
  'inkwell.acceptProposal',
  'inkwell.rejectProposal',
];

describe('activation', () => {
  it('is installed under the id inkwell.inkwell', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });

  it('activates without throwing', async () => {
    const extension = await activateInkwell();
    assert.equal(extension.isActive, true);
  });

  it('registers every command of the contract', async () => {
    await activateInkwell();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = CONTRACT_COMMANDS.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('declares every command of the contract in its manifest, under the category Inkwell', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { commands: { command: string; category?: string }[] };
    };
    for (const id of CONTRACT_COMMANDS) {
      const declared = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(declared, `${id} is not declared in package.json`);
      assert.equal(declared.category, 'Inkwell', `${id} category`);
    }
  });

  it('reveals the chat view with inkwell.chat.focus', async () => {
    await activateInkwell();
    await vscode.commands.executeCommand('inkwell.chat.focus');
  });
});
