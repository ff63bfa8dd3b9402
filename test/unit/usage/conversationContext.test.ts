import * as assert from 'node:assert/strict';
import { contextViewOf, conversationContextView } from '../../../src/core/usage/conversationContext';
import { Conversation } from '../../../src/core/conversation';
import { initialTurnState } from '../../../src/core/turnReducer';
import type { Usage } from '../../../src/core/messages';

function request(usage: Usage, model = 'claude-sonnet-4-5-20250929', complete = true) {
  return {
    step: { usage, model, blocks: [{ kind: 'text' as const, text: 'y'.repeat(4000) }], ...(complete ? { finalContent: [] } : {}) },
    requestedModel: model,
  };
}

describe('contextViewOf', () => {
  it('counts the last request: input, cache writes, cache reads and output', () => {
    const view = contextViewOf([
      request({ input: 5, output: 5, cacheWrite: 0, cacheRead: 0 }),
      request({ input: 100, output: 500, cacheWrite: 20_000, cacheRead: 10_000 }),
    ]);
    assert.deepEqual(view, {
      used: 30_600,
      limit: 200_000,
      level: 'normal',
      label: '31k / 200k context',
      description: '31k of 200k context (15%) in use after the last request',
    });
  });

  it('skips requests that used nothing (failed before the API answered)', () => {
    const view = contextViewOf([request({ input: 1000, output: 0, cacheWrite: 0, cacheRead: 0 }), request({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 })]);
    assert.equal(view?.used, 1000);
    assert.equal(contextViewOf([]), undefined);
    assert.equal(contextViewOf([request({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 })]), undefined);
  });

  it('a stopped request counts its streamed output estimate, which the next request carries', () => {
    const view = contextViewOf([request({ input: 1000, output: 1, cacheWrite: 0, cacheRead: 0 }, 'claude-sonnet-4-5', false)]);
    assert.equal(view?.used, 2000);
  });

  it('warns from 80 % and is critical from 95 %, saying what to do', () => {
    const at = (used: number) => contextViewOf([request({ input: used, output: 0, cacheWrite: 0, cacheRead: 0 })])!;
    assert.equal(at(159_999).level, 'normal');
    assert.equal(at(160_000).level, 'warning');
    assert.match(at(160_000).description, /nearly full: start a New Chat/);
    assert.equal(at(189_999).level, 'warning');
    assert.equal(at(190_000).level, 'critical');
    assert.equal(at(250_000).level, 'critical');
  });

  it('a model whose window is unknown gets the count only, never a guessed limit', () => {
    const view = contextViewOf([request({ input: 1500, output: 0, cacheWrite: 0, cacheRead: 0 }, 'claude-fable-5-2')]);
    assert.equal(view?.limit, undefined);
    assert.equal(view?.level, 'normal');
    assert.equal(view?.label, '1.5k context');
    assert.match(view?.description ?? '', /window size unknown/);
  });

  it('uses the model the API named, else the one asked for', () => {
    const view = contextViewOf([{ step: { usage: { input: 10_000, output: 0, cacheWrite: 0, cacheRead: 0 }, blocks: [], finalContent: [] }, requestedModel: 'claude-opus-4-8' }]);
    assert.equal(view?.label, '10k / 1M context');
  });
});

describe('conversationContextView', () => {
  const usage = (input: number, output: number, cacheRead = 0): Usage => ({ input, output, cacheWrite: 0, cacheRead });

  it('skips requests of an endpoint that reports no token counts', () => {
    const counted = request(usage(3000, 100));
    // Stopped mid-answer: its output would otherwise be estimated from the streamed text.
    const unknown = { step: { usage: usage(0, 0), model: 'claude-sonnet-4-5', blocks: [{ kind: 'text' as const, text: 'y'.repeat(4000) }], usageUnknown: true }, requestedModel: 'claude-sonnet-4-5' };
    assert.equal(contextViewOf([counted, unknown])?.used, 3100, 'not the estimate of a request whose usage is unknown');
    assert.equal(contextViewOf([unknown]), undefined);
  });

  it('concurrent answers: the latest request lacks the exchange it left out, which is added', () => {
    // A and B began on the same 10k history; B's requests left A out (A was still streaming).
    const a = { id: 'a', prompt: 'p'.repeat(400), requests: [request(usage(10_100, 200)), request(usage(10_900, 500))] };
    const b = { id: 'b', prompt: 'q'.repeat(40), requests: [request(usage(10_010, 300))], leftOut: ['a'] };
    const view = conversationContextView([a, b])!;
    // B's 10,310 + A's prompt (≈ 100) + what A's own requests added beyond its first input (11,400 − 10,100).
    assert.equal(view.used, 10_310 + 100 + 1_300);
    assert.match(view.label, /^12k \/ 200k context$/);
  });

  it('a left-out answer still streaming or without counts adds its prompt; answers in history are not added twice', () => {
    const a = { id: 'a', prompt: 'p'.repeat(800), requests: [] };
    const b = { id: 'b', prompt: 'hello', requests: [request(usage(5000, 100))], leftOut: ['a'] };
    assert.equal(conversationContextView([a, b])!.used, 5100 + 200);
    // C began after B and A had ended: its request already carries both.
    const c = { id: 'c', prompt: 'next', requests: [request(usage(7000, 50))] };
    assert.equal(conversationContextView([a, b, c])!.used, 7050);
  });

  it('the conversation records what each answer left out, keeps it in storage, and the meter counts it', () => {
    const conversation = new Conversation('c1');
    conversation.begin({ id: 'u1', text: 'first', prompt: 'first' }, 'a1');
    conversation.begin({ id: 'u2', text: 'second', prompt: 'second' }, 'a2');
    const settle = (turnId: string, u: Usage) => {
      const turn = conversation.assistant(turnId)!;
      turn.model = 'claude-sonnet-4-5';
      conversation.beginStep(turnId).step.state = { ...initialTurnState(turnId), model: 'claude-sonnet-4-5', usage: u, finalContent: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn' };
      turn.status = 'done';
    };
    settle('a1', usage(20_000, 4_000));
    settle('a2', usage(1_000, 10));
    assert.deepEqual(conversation.assistant('a2')!.leftOut, ['a1']);
    // a2's request did not carry a1's 24k; the next one will.
    const expected = 1_010 + Math.ceil('first'.length / 4) + 4_000;
    assert.equal(conversation.contextView()?.used, expected);
    const restored = Conversation.fromStored(JSON.parse(JSON.stringify(conversation.toStored())))!;
    assert.equal(restored.contextView()?.used, expected);
    // The stored record also keeps later requests of a2 leaving a1 out.
    assert.equal(restored.requestMessagesFor('a2').length, 1);
  });
});
