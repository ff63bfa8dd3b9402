import * as assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import type { ChatMessage, ContentBlock } from '../../../src/core/messages';
import { MAX_CACHE_BREAKPOINTS, withCacheBreakpoints, type CachedRequestParts } from '../../../src/core/usage/cacheBreakpoints';

const EDIT_TOOL = { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' } as const;
const OTHER_TOOL = { name: 'lookup', description: 'Looks things up', input_schema: { type: 'object' as const, properties: {} } };
const ON = { enabled: true };

const text = (t: string): ContentBlock => ({ type: 'text', text: t });
const thinking = (t: string): ContentBlock => ({ type: 'thinking', thinking: t, signature: `sig-${t}` });
const user = (...content: ContentBlock[]): ChatMessage => ({ role: 'user', content });
const assistant = (...content: ContentBlock[]): ChatMessage => ({ role: 'assistant', content });

/** Every marked spot as "system", "tool <i>" or "<message>.<block>", in request order. */
function markedSpots(parts: CachedRequestParts<object>): string[] {
  const spots: string[] = [];
  parts.tools?.forEach((t, i) => {
    if ('cache_control' in t && t.cache_control) spots.push(`tool ${i}`);
  });
  if (Array.isArray(parts.system)) parts.system.forEach((b) => b.cache_control && spots.push('system'));
  parts.messages.forEach((m, mi) => m.content.forEach((b, bi) => 'cache_control' in b && b.cache_control && spots.push(`${mi}.${bi}`)));
  return spots;
}

const SYSTEM = 'Answer questions about the open workspace.';

describe('withCacheBreakpoints', () => {
  it('marks the last tool, the system prompt and the only user message of a first request', () => {
    const parts = withCacheBreakpoints({ system: SYSTEM, tools: [OTHER_TOOL, EDIT_TOOL], messages: [user(text('hi'))] }, ON);
    assert.deepEqual(markedSpots(parts), ['tool 1', 'system', '0.0']);
    assert.equal(parts.breakpoints, 3);
    assert.deepEqual(parts.system, [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(parts.tools?.[1], { ...EDIT_TOOL, cache_control: { type: 'ephemeral' } });
  });

  it('marks where the previous request ended and the newest user message, never the answer between', () => {
    const messages = [user(text('q1'), text('more of q1')), assistant(thinking('t1'), text('a1')), user(text('q2'))];
    const parts = withCacheBreakpoints({ system: SYSTEM, tools: [EDIT_TOOL], messages }, ON);
    assert.deepEqual(markedSpots(parts), ['tool 0', 'system', '0.1', '2.0']);
    assert.equal(parts.breakpoints, MAX_CACHE_BREAKPOINTS);
  });

  it('follows a tool loop: the previous step’s tool results and the newest ones', () => {
    const messages: ChatMessage[] = [
      user(text('edit it')),
      assistant(thinking('plan'), { type: 'tool_use', id: 'tu1', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'a.ts' } }),
      user({ type: 'tool_result', tool_use_id: 'tu1', content: 'file text' }),
      assistant(thinking('edit'), { type: 'tool_use', id: 'tu2', name: 'str_replace_based_edit_tool', input: { command: 'view', path: 'b.ts' } }),
      user({ type: 'tool_result', tool_use_id: 'tu2', content: 'more text' }, text('and keep it short')),
    ];
    const parts = withCacheBreakpoints({ system: SYSTEM, tools: [EDIT_TOOL], messages }, ON);
    assert.deepEqual(markedSpots(parts), ['tool 0', 'system', '2.0', '4.1']);
  });

  it('never marks a thinking or redacted-thinking block, nor empty text, stepping back to the block before', () => {
    const messages: ChatMessage[] = [
      user(text('q1'), { type: 'redacted_thinking', data: 'opaque' }),
      assistant(text('a1')),
      user(text('q2'), thinking('odd'), text('  ')),
    ];
    const parts = withCacheBreakpoints({ messages }, ON);
    assert.deepEqual(markedSpots(parts), ['0.0', '2.0']);
    for (const message of parts.messages) {
      for (const block of message.content) {
        if (block.type === 'thinking' || block.type === 'redacted_thinking') assert.ok(!('cache_control' in block));
      }
    }
  });

  it('skips a message with nothing markable instead of marking something else', () => {
    const parts = withCacheBreakpoints({ messages: [user(thinking('only'))] }, ON);
    assert.deepEqual(markedSpots(parts), []);
    assert.equal(parts.breakpoints, 0);
  });

  it('never places more than four breakpoints, and counts exactly what it placed', () => {
    for (let length = 0; length <= 9; length++) {
      const messages = Array.from({ length }, (_, i) => (i % 2 === 0 ? user(text(`q${i}`), text(`q${i}b`)) : assistant(thinking(`t${i}`), text(`a${i}`))));
      for (const system of [undefined, '', SYSTEM]) {
        for (const tools of [undefined, [], [EDIT_TOOL], [OTHER_TOOL, EDIT_TOOL]]) {
          const parts = withCacheBreakpoints<object>({ system, tools, messages }, ON);
          const spots = markedSpots(parts);
          assert.ok(spots.length <= MAX_CACHE_BREAKPOINTS, `${length} messages: ${spots.join(', ')}`);
          assert.equal(parts.breakpoints, spots.length);
        }
      }
    }
  });

  it('leaves the input untouched and shares no block object with it', () => {
    const messages = [user(text('q1')), assistant(thinking('t'), text('a1')), user(text('q2'))];
    const tools = [EDIT_TOOL];
    const before = structuredClone({ messages, tools });
    const parts = withCacheBreakpoints({ system: SYSTEM, tools, messages }, ON);
    assert.deepEqual({ messages, tools }, before);
    assert.notEqual(parts.messages[0]!.content[0], messages[0]!.content[0]);
    assert.notEqual(parts.tools?.[0], tools[0]);
  });

  it('sends a blank system prompt unmarked and leaves out an empty one', () => {
    assert.deepEqual(withCacheBreakpoints({ system: '  ', messages: [user(text('q'))] }, ON).system, [{ type: 'text', text: '  ' }]);
    assert.equal('system' in withCacheBreakpoints({ system: '', messages: [user(text('q'))] }, ON), false);
  });

  it('when disabled, marks nothing and keeps the system prompt a plain string', () => {
    const messages = [user(text('q1')), assistant(text('a1')), user(text('q2'))];
    const parts = withCacheBreakpoints({ system: SYSTEM, tools: [EDIT_TOOL], messages }, { enabled: false });
    assert.deepEqual(parts, { system: SYSTEM, tools: [EDIT_TOOL], messages, breakpoints: 0 });
    assert.deepEqual(markedSpots(parts), []);
  });

  it('produces parts the SDK accepts as request params (checked by the type checker)', () => {
    const parts = withCacheBreakpoints({ system: SYSTEM, tools: [EDIT_TOOL], messages: [user(text('q'))] }, ON);
    const params: Anthropic.Messages.MessageCreateParamsNonStreaming = {
      model: 'claude-sonnet-4-6',
      max_tokens: 10,
      ...(parts.system !== undefined ? { system: parts.system } : {}),
      ...(parts.tools ? { tools: parts.tools } : {}),
      messages: parts.messages as Anthropic.Messages.MessageParam[],
    };
    assert.equal(params.messages.length, 1);
  });
});
