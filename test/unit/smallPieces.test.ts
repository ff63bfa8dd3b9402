import * as assert from 'node:assert/strict';
import { buildExplainPrompt, fenceFor } from '../../src/core/codePrompt';
import { chooseDefaultModel, FALLBACK_MODEL } from '../../src/core/modelChoice';
import { chatHtml, contentSecurityPolicy, makeNonce } from '../../src/chat/chatHtml';
import { describeToolCall } from '../../src/core/toolPreview';

describe('explain prompt', () => {
  it('carries path, language, line numbers and the code', () => {
    const r = buildExplainPrompt({ path: 'src/a.ts', language: 'typescript', startLine: 3, endLine: 9, code: 'let x = 1;' });
    assert.equal(r.text, 'Explain src/a.ts, lines 3–9');
    assert.match(r.prompt, /`src\/a\.ts` \(lines 3–9, typescript\)/);
    assert.match(r.prompt, /```typescript\nlet x = 1;\n```$/);
  });

  it('uses a fence longer than any backtick run in the code', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ```` b'), '`````');
  });
});

describe('chooseDefaultModel', () => {
  it('prefers the newest Sonnet, else the newest model, else the fallback', () => {
    assert.equal(
      chooseDefaultModel([
        { id: 'claude-opus-9', displayName: '', createdAt: '2026-09-01' },
        { id: 'claude-sonnet-old', displayName: '', createdAt: '2025-01-01' },
        { id: 'claude-sonnet-new', displayName: '', createdAt: '2026-08-01' },
      ]),
      'claude-sonnet-new',
    );
    assert.equal(chooseDefaultModel([{ id: 'only-haiku', displayName: '' }]), 'only-haiku');
    assert.equal(chooseDefaultModel([]), FALLBACK_MODEL);
  });
});

describe('chat HTML', () => {
  it('has a strict CSP: no inline code, nonce-only scripts, no remote loads', () => {
    const csp = contentSecurityPolicy('vscode-resource:', 'abc');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /base-uri 'none'/);
    assert.match(csp, /form-action 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    const html = chatHtml({ cspSource: 'vscode-resource:', nonce: 'abc', scriptUri: 'x.js', styleUri: 'x.css' });
    assert.match(html, /<script nonce="abc" src="x.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('makes a fresh unguessable nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, makeNonce());
  });
});

describe('describeToolCall', () => {
  it('shows the command and the complete path only', () => {
    assert.equal(describeToolCall('t', '{"command":"view","path":"src/a'), 'Reading…');
    assert.equal(describeToolCall('t', '{"command":"view","path":"src/a.ts"'), 'Reading src/a.ts…');
    assert.equal(describeToolCall('t', '{"path":"a\\"b.ts"'), 'Using t a"b.ts…');
    assert.equal(describeToolCall('t', '{"pa'), undefined);
  });
});
