import * as assert from 'node:assert/strict';
import { parseExtraHeaders } from '../../src/core/extraHeaders';

describe('extra headers for Anthropic-format proxies', () => {
  it('takes an object of header name → string value', () => {
    assert.deepEqual(parseExtraHeaders({ 'x-gateway-team': 'editor', 'X-Route': 'eu' }), {
      headers: { 'x-gateway-team': 'editor', 'X-Route': 'eu' },
      problems: [],
      secretLooking: [],
    });
    assert.deepEqual(parseExtraHeaders(undefined).headers, {});
  });

  it('ignores bad names, non-string values and values with line breaks, naming the header but never the value', () => {
    const parsed = parseExtraHeaders({ 'bad name': 'v', 'x-n': 3, 'x-inject': 'a\r\nx-evil: 1', ok: 'fine' });
    assert.deepEqual(parsed.headers, { ok: 'fine' });
    assert.equal(parsed.problems.length, 3);
    for (const problem of parsed.problems) assert.ok(!problem.includes('x-evil'), problem);
  });

  it('the later of two spellings of one header wins, and says so', () => {
    const parsed = parseExtraHeaders({ 'X-Team': 'a', 'x-team': 'b' });
    assert.deepEqual(parsed.headers, { 'x-team': 'b' });
    assert.match(parsed.problems[0]!, /listed twice/);
  });

  it('points out names that look like credentials, so the user can be told settings are plain text', () => {
    const parsed = parseExtraHeaders({ Authorization: 'Bearer s', 'x-gateway-key': 'k', 'x-auth-token': 't', 'x-team': 'a' });
    assert.deepEqual(parsed.secretLooking, ['Authorization', 'x-gateway-key', 'x-auth-token']);
    assert.equal(Object.keys(parsed.headers).length, 4);
  });

  it('a setting of the wrong shape is ignored with one problem', () => {
    assert.deepEqual(parseExtraHeaders(['x']).headers, {});
    assert.equal(parseExtraHeaders('x-a: b').problems.length, 1);
  });
});
