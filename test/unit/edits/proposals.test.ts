import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ConfinedPath } from '../../../src/core/edits/pathConfinement';
import { toolResultFor, type Proposal } from '../../../src/core/edits/proposal';
import { reResolve, resolveProposal } from '../../../src/core/edits/resolveProposal';
import { parseToolInput, toolCallsOf, type ToolCall } from '../../../src/core/edits/toolCalls';
import { initialTurnState, reduceTurn } from '../../../src/core/turnReducer';
import { buildEditPrompt } from '../../../src/core/codePrompt';

const hash = (t: string) => createHash('sha256').update(t).digest('hex');
const path: ConfinedPath = { ok: true, absolutePath: '/ws/src/a.ts', relativePath: 'src/a.ts', root: { path: '/ws', name: 'ws' } };
const edit = (command: 'str_replace' | 'create' | 'insert', input: Record<string, unknown>): Extract<ToolCall, { kind: 'edit' }> => ({
  kind: 'edit',
  id: 'tu_1',
  command,
  input: { command, path: 'src/a.ts', ...input },
});

describe('toolCallsOf', () => {
  function stateWith(json: string, name = 'str_replace_based_edit_tool') {
    let state = initialTurnState('t');
    state = reduceTurn(state, { type: 'blockStart', index: 0, block: { kind: 'toolUse', id: 'tu_1', name } }).state;
    return reduceTurn(state, { type: 'toolInputDelta', index: 0, partialJson: json }).state;
  }

  it('parses the complete input once and classifies the command', () => {
    assert.deepEqual(toolCallsOf(stateWith('{"command":"view","path":"a"}')), [{ kind: 'view', id: 'tu_1', input: { command: 'view', path: 'a' } }]);
    assert.equal(toolCallsOf(stateWith('{"command":"insert","path":"a","insert_line":1,"new_str":"x"}'))[0]?.kind, 'edit');
  });

  it('never guesses from partial or malformed JSON', () => {
    const [call] = toolCallsOf(stateWith('{"command":"str_replace","path":"src/gr'));
    assert.equal(call?.kind, 'invalid');
    assert.match(call?.kind === 'invalid' ? call.reason : '', /not valid JSON/);
    assert.equal(parseToolInput('[1]').ok, false);
    assert.deepEqual(parseToolInput(''), { ok: true, input: {} });
  });

  it('refuses unknown tools and commands', () => {
    assert.match((toolCallsOf(stateWith('{}', 'bash'))[0] as { reason: string }).reason, /Unknown tool bash/);
    assert.match((toolCallsOf(stateWith('{"command":"delete"}'))[0] as { reason: string }).reason, /Unknown command "delete"/);
  });
});

describe('resolveProposal', () => {
  const file = { exists: true, text: 'a\nb\nc\n', version: 3 };

  it('resolves str_replace to a pending proposal with its exact change', () => {
    const p = resolveProposal({ id: 'p', turnId: 't', call: edit('str_replace', { old_str: 'b', new_str: 'B\nB2' }), path, file, hash });
    assert.equal(p.status, 'pending');
    assert.equal(p.newText, 'a\nB\nB2\nc\n');
    assert.deepEqual([p.added, p.removed, p.baseVersion, p.baseHash], [2, 1, 3, hash(file.text)]);
  });

  it('is invalid, with the reason, for no match, several matches, a missing file, create over a file, a refused path', () => {
    const reasons = [
      resolveProposal({ id: 'p', turnId: 't', call: edit('str_replace', { old_str: 'zzz', new_str: '' }), path, file, hash }),
      resolveProposal({ id: 'p', turnId: 't', call: edit('str_replace', { old_str: '\n', new_str: '' }), path, file, hash }),
      resolveProposal({ id: 'p', turnId: 't', call: edit('insert', { insert_line: 1, new_str: 'x' }), path, file: { exists: false, text: '' }, hash }),
      resolveProposal({ id: 'p', turnId: 't', call: edit('create', { file_text: 'x' }), path, file, hash }),
      resolveProposal({ id: 'p', turnId: 't', call: edit('create', { file_text: 'x' }), path: { ok: false, reason: '../x leads outside the workspace.' }, hash }),
    ].map((p) => [p.status, p.reason]);
    assert.deepEqual(reasons.map((r) => r[0]), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    assert.match(String(reasons[0]![1]), /src\/a\.ts: old_str was not found/);
    assert.match(String(reasons[1]![1]), /more than once/);
    assert.match(String(reasons[2]![1]), /does not exist/);
    assert.match(String(reasons[3]![1]), /already exists/);
    assert.match(String(reasons[4]![1]), /outside the workspace/);
  });

  it('creates a new file', () => {
    const p = resolveProposal({ id: 'p', turnId: 't', call: edit('create', { file_text: 'one\ntwo\n' }), path, file: { exists: false, text: '' }, hash });
    assert.deepEqual([p.status, p.added, p.removed, p.newText], ['pending', 2, 0, 'one\ntwo\n']);
  });
});

describe('reResolve', () => {
  const base = 'x = 1\ny = 2\n';
  const proposal = (command: 'str_replace' | 'insert', input: Record<string, unknown>): Proposal =>
    resolveProposal({ id: 'p', turnId: 't', call: edit(command, input), path, file: { exists: true, text: base }, hash });

  it('applies the original change to unchanged text', () => {
    const r = reResolve(proposal('str_replace', { old_str: 'y = 2', new_str: 'y = 3' }), { exists: true, text: base }, hash);
    assert.ok(r.ok && r.newText === 'x = 1\ny = 3\n');
  });

  it('re-finds old_str in changed text when it still matches once', () => {
    const r = reResolve(proposal('str_replace', { old_str: 'y = 2', new_str: 'y = 3' }), { exists: true, text: `// new\n${base}` }, hash);
    assert.ok(r.ok && r.newText === '// new\nx = 1\ny = 3\n');
  });

  it('goes stale when old_str is gone or ambiguous, an insert moved, or the file vanished', () => {
    const replace = proposal('str_replace', { old_str: 'y = 2', new_str: 'y = 3' });
    assert.equal(reResolve(replace, { exists: true, text: 'x = 1\ny = 9\n' }, hash).ok, false);
    assert.equal(reResolve(replace, { exists: true, text: `${base}${base}` }, hash).ok, false);
    assert.equal(reResolve(replace, { exists: false, text: '' }, hash).ok, false);
    assert.equal(reResolve(proposal('insert', { insert_line: 1, new_str: 'z' }), { exists: true, text: `w\n${base}` }, hash).ok, false);
  });
});

describe('toolResultFor', () => {
  it('tells the model the fate of each proposal; failures are errors', () => {
    const p = resolveProposal({ id: 'p', turnId: 't', call: edit('str_replace', { old_str: 'b', new_str: 'c' }), path, file: { exists: true, text: 'b' }, hash });
    assert.deepEqual(toolResultFor(p), { content: "The proposed edit to src/a.ts is waiting for the user's review; it has not been applied yet.", isError: false });
    assert.match(toolResultFor({ ...p, status: 'accepted' }).content, /accepted/);
    assert.equal(toolResultFor({ ...p, status: 'stale', reason: 'gone' }).isError, true);
    assert.equal(toolResultFor({ ...p, status: 'discarded' }).isError, true);
  });
});

describe('buildEditPrompt', () => {
  it('carries the instruction, the selection and its surroundings, and asks for str_replace on that path', () => {
    const r = buildEditPrompt({ path: 'src/a.ts', language: 'typescript', startLine: 2, endLine: 2, code: 'b', before: 'a', after: 'c', instruction: 'shout' });
    assert.equal(r.text, 'Edit src/a.ts, line 2: shout');
    assert.match(r.prompt, /str_replace_based_edit_tool \(command str_replace, path `src\/a\.ts`\)/);
    assert.match(r.prompt, /Lines before the selection:\n```typescript\na\n```/);
    assert.match(r.prompt, /The selection:\n```typescript\nb\n```/);
    assert.match(r.prompt, /Lines after the selection:\n```typescript\nc\n```/);
  });
});
