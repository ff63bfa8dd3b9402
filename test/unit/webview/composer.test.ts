import * as assert from 'node:assert/strict';
import { assistantTurn, chatState, createTestApp, keyDown, type TestApp } from './helpers.js';
import type { KeySource } from '../../../src/shared/transcript.js';

function ready(keySource: KeySource = 'secretStorage', options: { savedState?: unknown } = {}): TestApp {
  const t = createTestApp(options);
  t.send({ type: 'snapshot', seq: 1, state: chatState({ keySource }) });
  return t;
}

function messageBox(t: TestApp): HTMLTextAreaElement {
  return t.root.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')!;
}

function sendButton(t: TestApp): HTMLButtonElement {
  return t.root.querySelector<HTMLButtonElement>('button[aria-label="Send"]')!;
}

describe('Composer', () => {
  it('sends on Enter and clears the box', () => {
    const t = ready();
    messageBox(t).value = 'Explain closures';
    const event = keyDown(t.win, messageBox(t), 'Enter');
    assert.equal(event.defaultPrevented, true);
    assert.deepEqual(t.host.postedOfType('send'), [{ type: 'send', text: 'Explain closures' }]);
    assert.equal(messageBox(t).value, '');
  });

  it('keeps Shift+Enter for a new line', () => {
    const t = ready();
    messageBox(t).value = 'line one';
    const event = keyDown(t.win, messageBox(t), 'Enter', { shiftKey: true });
    assert.equal(event.defaultPrevented, false);
    assert.equal(t.host.postedOfType('send').length, 0);
    assert.equal(messageBox(t).value, 'line one');
  });

  it('does not send while an input method is composing', () => {
    const t = ready();
    messageBox(t).value = 'にほん';
    keyDown(t.win, messageBox(t), 'Enter', { isComposing: true });
    keyDown(t.win, messageBox(t), 'Enter', { keyCode: 229 });
    assert.equal(t.host.postedOfType('send').length, 0);
  });

  it('sends with the Send button, which is disabled while the box is empty', () => {
    const t = ready();
    const type = (value: string) => {
      messageBox(t).value = value;
      messageBox(t).dispatchEvent(new t.win.classes.Event('input', { bubbles: true }));
    };
    assert.equal(sendButton(t).disabled, true, 'nothing typed yet');
    type('   ');
    assert.equal(sendButton(t).disabled, true, 'blanks only');
    sendButton(t).click();
    assert.equal(t.host.postedOfType('send').length, 0);
    type('hello');
    assert.equal(sendButton(t).disabled, false);
    sendButton(t).click();
    assert.deepEqual(t.host.postedOfType('send'), [{ type: 'send', text: 'hello' }]);
    assert.equal(sendButton(t).disabled, true, 'the box was cleared');
  });

  it('stops with Escape while a response streams, and does not send meanwhile', () => {
    const t = ready();
    keyDown(t.win, messageBox(t), 'Escape');
    assert.equal(t.host.postedOfType('stop').length, 0, 'Escape without a response does nothing');
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'turnAdded', turn: assistantTurn('a1') }] });
    assert.equal(sendButton(t).disabled, true);
    messageBox(t).value = 'next question';
    keyDown(t.win, messageBox(t), 'Enter');
    assert.equal(t.host.postedOfType('send').length, 0);
    assert.equal(messageBox(t).value, 'next question', 'the draft is kept');
    const escape = keyDown(t.win, messageBox(t), 'Escape');
    assert.equal(escape.defaultPrevented, true);
    assert.equal(t.host.postedOfType('stop').length, 1);
  });

  it('keeps the unsent draft in the webview state', () => {
    const t = ready('secretStorage', { savedState: { draft: 'half a question' } });
    assert.equal(messageBox(t).value, 'half a question');
    messageBox(t).value = 'half a question, continued';
    messageBox(t).dispatchEvent(new t.win.classes.Event('input', { bubbles: true }));
    assert.deepEqual(t.host.state, { draft: 'half a question, continued' });
    keyDown(t.win, messageBox(t), 'Enter');
    assert.deepEqual(t.host.state, { draft: '' });
  });
});

describe('first run and header', () => {
  it('without a key shows the welcome panel and disables sending', () => {
    const t = ready('none');
    const welcome = t.root.querySelector<HTMLElement>('.welcome')!;
    assert.equal(welcome.hidden, false);
    assert.match(welcome.textContent!, /Inkwell needs an Anthropic API key/);
    assert.match(welcome.textContent!, /ANTHROPIC_API_KEY/);
    // Text in the box, so only the missing key can disable sending.
    messageBox(t).value = 'hello';
    messageBox(t).dispatchEvent(new t.win.classes.Event('input', { bubbles: true }));
    assert.equal(sendButton(t).disabled, true);

    keyDown(t.win, messageBox(t), 'Enter');
    assert.equal(t.host.postedOfType('send').length, 0);

    const setKey = Array.from(welcome.querySelectorAll('button')).find((b) => b.textContent === 'Set API Key')!;
    setKey.click();
    assert.deepEqual(t.host.postedOfType('setApiKey'), [{ type: 'setApiKey' }]);

    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'keySource', keySource: 'secretStorage' }] });
    assert.equal(welcome.hidden, true);
    assert.equal(sendButton(t).disabled, false);
  });

  it('says where the key comes from', () => {
    assert.equal(ready('environment').root.querySelector('.header-key-source')!.textContent, 'Using ANTHROPIC_API_KEY from the environment');
    assert.equal(ready('demo').root.querySelector('.header-key-source')!.textContent, 'Demo mode — answers come from a local fake server');
    assert.ok(ready('secretStorage').root.querySelector('.header-key-source [role="img"].codicon-key'));
    assert.match((ready('demo').root.querySelector('.header-key-source') as HTMLElement).title, /not from Claude/);
    const endpoint = ready('endpoint');
    assert.equal(endpoint.root.querySelector('.header-key-source')!.textContent, 'OpenAI-compatible endpoint');
    messageBox(endpoint).value = 'hello';
    messageBox(endpoint).dispatchEvent(new endpoint.win.classes.Event('input', { bubbles: true }));
    assert.equal(sendButton(endpoint).disabled, false, 'an endpoint needs no Anthropic key to send');
  });

  it('shows the model and posts newChat from the header', () => {
    const t = ready();
    assert.equal(t.root.querySelector('.header-model')!.textContent, 'Model: claude-test-1');
    t.send({ type: 'deltas', seq: 2, deltas: [{ type: 'model', model: 'claude-other' }] });
    assert.equal(t.root.querySelector('.header-model')!.textContent, 'Model: claude-other');
    t.root.querySelector<HTMLButtonElement>('button[aria-label="New Chat"]')!.click();
    assert.deepEqual(t.host.postedOfType('newChat'), [{ type: 'newChat' }]);
  });
});
