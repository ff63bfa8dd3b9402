import * as assert from 'node:assert/strict';
import { createFile, insertAfterLine, lineEnding, strReplace } from '../../../src/core/edits/textEdits';

describe('strReplace', () => {
  it('replaces a unique match and reports the range', () => {
    const r = strReplace('a\nb\nc\n', 'b', 'B');
    assert.ok(r.ok);
    assert.equal(r.newText, 'a\nB\nc\n');
    assert.deepEqual([r.start, r.end, r.replacement], [2, 3, 'B']);
  });

  it('says when old_str is not found', () => {
    const r = strReplace('abc', 'x', 'y');
    assert.ok(!r.ok && /not found/.test(r.reason));
  });

  it('refuses an ambiguous old_str, naming the lines', () => {
    const r = strReplace('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 3');
    assert.ok(!r.ok);
    assert.match(r.reason, /more than once \(lines 1 and 3\)/);
  });

  it('matches LF text against a CRLF file and writes CRLF', () => {
    const file = 'one\r\ntwo\r\nthree\r\n';
    assert.equal(lineEnding(file), '\r\n');
    const r = strReplace(file, 'two\nthree', 'TWO\nTHREE');
    assert.ok(r.ok);
    assert.equal(r.newText, 'one\r\nTWO\r\nTHREE\r\n');
  });

  it('deletes when new_str is absent, and rejects a missing old_str', () => {
    const r = strReplace('keep drop keep', ' drop', undefined);
    assert.ok(r.ok && r.newText === 'keep keep');
    assert.equal(strReplace('abc', '', 'x').ok, false);
    assert.equal(strReplace('abc', 42, 'x').ok, false);
  });
});

describe('insertAfterLine', () => {
  it('inserts after a line, at the top, and at the end', () => {
    assert.equal((insertAfterLine('a\nb\n', 1, 'X') as { newText: string }).newText, 'a\nX\nb\n');
    assert.equal((insertAfterLine('a\nb\n', 0, 'X') as { newText: string }).newText, 'X\na\nb\n');
    assert.equal((insertAfterLine('a\nb\n', 2, 'X') as { newText: string }).newText, 'a\nb\nX\n');
  });

  it('starts a new line after a last line without a line break', () => {
    assert.equal((insertAfterLine('a\nb', 2, 'X') as { newText: string }).newText, 'a\nb\nX\n');
  });

  it('keeps CRLF files CRLF', () => {
    assert.equal((insertAfterLine('a\r\nb\r\n', 1, 'X\nY') as { newText: string }).newText, 'a\r\nX\r\nY\r\nb\r\n');
  });

  it('refuses lines past the end and bad arguments', () => {
    assert.match((insertAfterLine('a\n', 5, 'X') as { reason: string }).reason, /past the end/);
    assert.equal(insertAfterLine('a\n', -1, 'X').ok, false);
    assert.equal(insertAfterLine('a\n', 1.5, 'X').ok, false);
    assert.equal(insertAfterLine('a\n', 1, undefined).ok, false);
  });
});

describe('createFile', () => {
  it('creates, but never over an existing file', () => {
    assert.ok(createFile(false, 'hi').ok);
    const r = createFile(true, 'hi');
    assert.ok(!r.ok && /already exists/.test(r.reason));
    assert.equal(createFile(false, undefined).ok, false);
  });
});
