import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAT_VIEW_ID, COMMANDS, SETTINGS, SETTINGS_SECTION, VIEW_CONTAINER_ID } from '../../src/shared/contributions';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));

/** The names ../shared/CONTRACT.md promises; listed here again on purpose, as the contract's copy. */
const CONTRACT_COMMANDS = [
  'inkwell.setApiKey', 'inkwell.clearApiKey', 'inkwell.setProviderApiKey', 'inkwell.newChat', 'inkwell.ask',
  'inkwell.stop', 'inkwell.explainSelection', 'inkwell.editSelection', 'inkwell.acceptProposal', 'inkwell.rejectProposal',
];
const CONTRACT_SETTINGS = ['provider', 'model', 'maxTokens', 'stream', 'anthropic.baseUrl', 'openai.baseUrl', 'openai.model'];

describe('package.json contributions', () => {
  it('has the contract identity', () => {
    assert.equal(manifest.name, 'inkwell');
    assert.equal(manifest.publisher, 'inkwell');
    assert.equal(manifest.displayName, 'Inkwell — Claude in VS Code');
  });

  it('contributes exactly the commands of the code table, all in category Inkwell', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    for (const id of CONTRACT_COMMANDS) assert.ok((contributed as string[]).includes(id), `the contract's ${id} is contributed`);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Inkwell', c.command);
  });

  it('declares every setting the code reads, with the right type', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const { key, type } of Object.values(SETTINGS)) {
      assert.equal(properties[`${SETTINGS_SECTION}.${key}`]?.type, type, key);
    }
    for (const key of CONTRACT_SETTINGS) assert.ok(properties[`inkwell.${key}`], key);
    assert.equal(properties['inkwell.stream'].default, true);
    assert.deepEqual(properties['inkwell.provider'].enum, ['anthropic', 'openai-compatible']);
  });

  it('has the view container and chat view', () => {
    const container = manifest.contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === VIEW_CONTAINER_ID);
    assert.equal(container?.title, 'Inkwell');
    const view = manifest.contributes.views[VIEW_CONTAINER_ID].find((v: { id: string }) => v.id === CHAT_VIEW_ID);
    assert.equal(view?.type, 'webview');
    assert.equal(view?.name, 'Chat');
  });

  it('menus and keybindings name only contributed commands', () => {
    const ids = new Set(Object.values(COMMANDS) as string[]);
    const menus = Object.values(manifest.contributes.menus).flat() as { command: string }[];
    for (const item of [...menus, ...manifest.contributes.keybindings]) assert.ok(ids.has(item.command), item.command);
  });
});
