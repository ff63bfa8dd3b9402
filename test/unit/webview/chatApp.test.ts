import * as assert from 'node:assert/strict';
import type { TranscriptDelta } from '../../../src/shared/protocol.js';
import { startChatWebview } from '../../../src/webview/startChatWebview.js';
import { assistantTurn, chatState, createTestApp, createTestWindow, RecordingHost, userTurn, type TestApp } from './helpers.js';

function articles(t: TestApp): HTMLElement[] {
  return Array.from(t.root.querySelectorAll<HTMLElement>('[role="log"] > article[role="article"]'));
}

function deltas(t: TestApp, seq: number, ...items: TranscriptDelta[]): void {
  t.send({ type: 'deltas', seq, deltas: items });
}

describe('ChatApp protocol', () => {
  it('builds the expected articles from a snapshot followed by deltas', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 4, state: chatState({ turns: [userTurn('u1', 'Hi <b>there</b>'), assistantTurn('a1', { status: 'done', blocks: [{ kind: 'text', text: 'Hello **you**' }] })] }) });
    deltas(t, 5, { type: 'turnAdded', turn: userTurn('u2', 'Explain this') }, { type: 'turnAdded', turn: assistantTurn('a2') });
    deltas(t, 6, { type: 'blockAdded', turnId: 'a2', block: { kind: 'text', text: '' } }, { type: 'textAppended', turnId: 'a2', index: 0, text: 'It is ' });
    deltas(t, 7, { type: 'textAppended', turnId: 'a2', index: 0, text: '*fine*.' });
    t.runFrames();

    assert.deepEqual(articles(t).map((a) => a.getAttribute('aria-label')), ['You', 'Claude', 'You', 'Claude']);
    const [firstUser, firstAnswer, , streaming] = articles(t);
    assert.equal(firstUser!.querySelector('.user-text')!.innerHTML, 'Hi &lt;b&gt;there&lt;/b&gt;', 'user text is plain text');
    assert.equal(firstAnswer!.querySelector('.markdown strong')!.textContent, 'you');
    assert.equal(firstAnswer!.hasAttribute('aria-busy'), false);
    assert.equal(streaming!.getAttribute('aria-busy'), 'true');
    assert.equal(streaming!.querySelector('.markdown em')!.textContent, 'fine');
    assert.equal(t.app.stats.lastSeq, 7);
    assert.equal(t.app.stats.deltasApplied, 5);
  });

  it('ignores a delta out of sequence and asks for a snapshot exactly once', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { blocks: [{ kind: 'text', text: 'A' }] })] }) });
    deltas(t, 3, { type: 'textAppended', turnId: 'a1', index: 0, text: 'gap' });
    deltas(t, 4, { type: 'textAppended', turnId: 'a1', index: 0, text: 'more' });
    deltas(t, 1, { type: 'textAppended', turnId: 'a1', index: 0, text: 'repeated' });
    t.runFrames();

    assert.equal(t.host.postedOfType('resync').length, 1);
    assert.equal(t.root.querySelector('.markdown')!.textContent!.trim(), 'A', 'out-of-order text was applied');
    assert.equal(t.app.stats.lastSeq, 1);

    // The snapshot that answers the resync re-arms gap detection.
    t.send({ type: 'snapshot', seq: 10, state: chatState({ turns: [assistantTurn('a1', { blocks: [{ kind: 'text', text: 'AB' }] })] }) });
    deltas(t, 11, { type: 'textAppended', turnId: 'a1', index: 0, text: 'C' });
    t.runFrames();
    assert.equal(t.root.querySelector('.markdown')!.textContent!.trim(), 'ABC');
    deltas(t, 13, { type: 'textAppended', turnId: 'a1', index: 0, text: 'X' });
    assert.equal(t.host.postedOfType('resync').length, 2);
  });

  it('replaces everything on a snapshot', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [userTurn('u1', 'old')] }) });
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [] }) });
    assert.equal(articles(t).length, 0);
  });

  it('shows thinking collapsed and apart from the answer, and tool calls as one line', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'done', blocks: [
      { kind: 'thinking', text: 'Let me *think*', redacted: false },
      { kind: 'thinking', text: '', redacted: true },
      { kind: 'toolUse', name: 'str_replace_based_edit_tool', preview: 'editing src/a.ts' },
      { kind: 'text', text: 'Answer' },
    ] })] }) });
    const details = t.root.querySelectorAll('details.thinking');
    assert.equal(details.length, 2);
    assert.equal((details[0] as HTMLDetailsElement).open, false);
    assert.equal(details[0]!.querySelector('summary')!.textContent, 'Thinking');
    assert.equal(details[0]!.querySelector('.thinking-text')!.textContent, 'Let me *think*', 'thinking is plain text');
    assert.equal(details[1]!.querySelector('summary')!.textContent, 'Thinking (redacted)');
    assert.equal(t.root.querySelector('.tool-use .tool-preview')!.textContent, 'editing src/a.ts');
    assert.ok(t.root.querySelector('.tool-use .codicon-edit'));

    deltas(t, 2, { type: 'toolPreview', turnId: 'a1', index: 2, preview: 'editing src/b.ts' });
    assert.equal(t.root.querySelector('.tool-use .tool-preview')!.textContent, 'editing src/b.ts');
  });

  it('focuses the message box on focusInput', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState() });
    t.send({ type: 'focusInput' });
    assert.equal(t.win.document.activeElement?.getAttribute('aria-label'), 'Message');
  });

  it('drops messages that are not host messages', () => {
    const t = createTestApp();
    for (const junk of [null, 'snapshot', { type: 'nope' }, { type: 'deltas', seq: '1', deltas: [] }, { type: 'snapshot', seq: 1 }]) {
      t.app.receive(junk);
    }
    assert.equal(t.app.stats.snapshotsApplied, 0);
  });
});

describe('ChatApp turn endings', () => {
  function endedTurn(status: 'done' | 'stopped' | 'error', extra: Partial<Extract<TranscriptDelta, { type: 'turnEnded' }>> = {}): TestApp {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { blocks: [{ kind: 'text', text: 'Partial answer' }] })], streamingTurnId: 'a1' }) });
    deltas(t, 2, { type: 'turnEnded', turnId: 'a1', status, ...extra });
    t.runFrames();
    return t;
  }

  it('marks a stopped turn and keeps its partial text', () => {
    const t = endedTurn('stopped');
    const turn = articles(t)[0]!;
    assert.equal(turn.hasAttribute('aria-busy'), false);
    assert.equal(turn.querySelector('.turn-stopped')!.textContent, 'Stopped');
    assert.equal(turn.querySelector('.markdown')!.textContent!.trim(), 'Partial answer');
  });

  it('shows the usage line under a finished answer and the totals in the header', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1')] }) });
    deltas(t, 2,
      { type: 'turnEnded', turnId: 'a1', status: 'done', usageSummary: '1.2k in · 340 out · $0.0123' },
      { type: 'usageTotals', totals: '2.4k in · 700 out · $0.0250' },
    );
    t.runFrames();
    assert.equal(articles(t)[0]!.querySelector('.turn-usage')!.textContent, '1.2k in · 340 out · $0.0123');
    const header = t.root.querySelector('.header-usage')!;
    assert.equal(header.textContent, '2.4k in · 700 out · $0.0250');
    assert.equal(header.getAttribute('aria-label'), 'This conversation: 2.4k in · 700 out · $0.0250');
    t.send({ type: 'snapshot', seq: 3, state: chatState({ turns: [] }) });
    assert.equal(t.root.querySelector('.header-usage')!.textContent, '', 'New Chat clears the totals');
  });

  it('shows what the endpoint cannot do under the header, from the snapshot and when it changes', () => {
    const t = createTestApp();
    const notes = () => t.root.querySelector<HTMLElement>('[role="note"]')!;
    t.send({ type: 'snapshot', seq: 1, state: chatState({ notes: ['This endpoint can’t propose edits (no tool use)'] }) });
    assert.equal(notes().hidden, false);
    assert.equal(notes().textContent, 'This endpoint can’t propose edits (no tool use)');
    deltas(t, 2, { type: 'notes', notes: [] });
    t.runFrames();
    assert.equal(notes().hidden, true);
    assert.equal(notes().textContent, '');
  });

  it('shows an error as an alert with one button per action', () => {
    const t = endedTurn('error', {
      error: { title: 'Invalid API key', detail: 'The API rejected the key.', actions: [{ id: 'setApiKey', label: 'Set API Key' }, { id: 'retry', label: 'Retry' }] },
    });
    const alert = articles(t)[0]!.querySelector<HTMLElement>('[role="alert"]')!;
    assert.match(alert.textContent!, /Invalid API key/);
    assert.match(alert.textContent!, /The API rejected the key\./);
    const buttons = Array.from(alert.querySelectorAll('button'));
    assert.deepEqual(buttons.map((b) => b.textContent), ['Set API Key', 'Retry']);
    buttons[1]!.click();
    buttons[0]!.click();
    assert.deepEqual(t.host.postedOfType('errorAction'), [
      { type: 'errorAction', action: 'retry', turnId: 'a1' },
      { type: 'errorAction', action: 'setApiKey', turnId: 'a1' },
    ]);
    assert.equal(articles(t)[0]!.querySelector('.markdown')!.textContent!.trim(), 'Partial answer');
  });

  it('notes when the answer hit the output limit', () => {
    const t = endedTurn('done', { stopReason: 'max_tokens' });
    assert.match(articles(t)[0]!.querySelector('.turn-note')!.textContent!, /output limit/);
    const normal = endedTurn('done', { stopReason: 'end_turn' });
    assert.equal(articles(normal)[0]!.querySelector('.turn-note'), null);
  });

  it('shows Stop only while a response streams', () => {
    const t = createTestApp();
    t.send({ type: 'snapshot', seq: 1, state: chatState() });
    const stop = (): HTMLButtonElement => t.root.querySelector('button[aria-label="Stop"]')!;
    assert.equal(stop().hidden, true);
    deltas(t, 2, { type: 'turnAdded', turn: assistantTurn('a1') });
    assert.equal(stop().hidden, false);
    stop().click();
    assert.equal(t.host.postedOfType('stop').length, 1);
    deltas(t, 3, { type: 'turnEnded', turnId: 'a1', status: 'stopped' });
    assert.equal(stop().hidden, true);
  });
});

describe('ChatApp code blocks and proposals', () => {
  it('copies the raw code of a block through the host', () => {
    const t = createTestApp();
    const code = 'const a = 1 < 2;\nconsole.log(a);';
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'done', blocks: [{ kind: 'text', text: `\`\`\`ts\n${code}\n\`\`\`\n` }] })] }) });
    const copy = t.root.querySelector<HTMLButtonElement>('button[aria-label="Copy code"]')!;
    assert.equal(t.root.querySelector('.code-language')!.textContent, 'ts');
    copy.click();
    assert.deepEqual(t.host.postedOfType('copy'), [{ type: 'copy', text: code }]);
  });

  it('shows proposals as groups with Accept, Reject and Show diff', () => {
    const t = createTestApp();
    const proposal = { id: 'p1', path: 'src/a.ts', command: 'str_replace' as const, status: 'pending' as const, added: 2, removed: 1 };
    t.send({ type: 'snapshot', seq: 1, state: chatState({ turns: [assistantTurn('a1', { status: 'done', blocks: [
      { kind: 'toolUse', name: 'str_replace_based_edit_tool', preview: 'editing src/a.ts', proposal },
      { kind: 'toolUse', name: 'str_replace_based_edit_tool', preview: 'editing src/b.ts' },
    ] })] }) });
    const group = t.root.querySelector<HTMLElement>('[role="group"][aria-label="Proposed edit: src/a.ts"]')!;
    const names = Array.from(group.querySelectorAll('button')).map((b) => b.textContent);
    assert.deepEqual(names, ['Accept', 'Reject', 'Show diff']);
    group.querySelector<HTMLButtonElement>('button')!.click();
    assert.deepEqual(t.host.postedOfType('proposalAction'), [{ type: 'proposalAction', action: 'accept', proposalId: 'p1' }]);

    const bulk = (): HTMLElement => t.root.querySelector('.turn-proposal-actions')!;
    assert.equal(bulk().hidden, true, 'bulk actions need two pending proposals');
    deltas(t, 2, { type: 'proposalUpdated', turnId: 'a1', index: 1, proposal: { ...proposal, id: 'p2', path: 'src/b.ts' } });
    assert.equal(bulk().hidden, false);
    bulk().querySelector<HTMLButtonElement>('button')!.click();
    assert.deepEqual(t.host.postedOfType('turnProposalsAction'), [{ type: 'turnProposalsAction', action: 'accept', turnId: 'a1' }]);

    deltas(t, 3, { type: 'proposalUpdated', turnId: 'a1', index: 0, proposal: { ...proposal, status: 'accepted' } });
    assert.equal(group.querySelectorAll('button').length, 0);
    assert.match(group.textContent!, /Accepted/);
    assert.equal(bulk().hidden, true);
  });
});

describe('startChatWebview', () => {
  it('posts ready, listens for host messages and exposes render stats', () => {
    const win = createTestWindow();
    const host = new RecordingHost();
    startChatWebview(win.window, host);
    assert.deepEqual(host.posted, [{ type: 'ready' }]);
    win.window.dispatchEvent(new win.classes.MessageEvent('message', { data: { type: 'snapshot', seq: 3, state: chatState({ turns: [userTurn('u1', 'hi')] }) } }));
    assert.equal(win.document.querySelectorAll('article[aria-label="You"]').length, 1);
    assert.equal(win.window.__inkwellRenderStats?.lastSeq, 3);
  });
});
