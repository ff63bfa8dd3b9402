// Self-tests of the fake server's writer: how a scenario's events are cut into network writes.
// The bytes themselves are checked through the SDK over real HTTP in fakeServer.test.ts.

import assert from 'node:assert/strict';
import { FAKE_TEST_MODEL as MODEL } from '../fake/models';
import type { ScenarioContext } from '../fake/planBuilders';
import { SCENARIOS } from '../fake/scenarios';
import { DEFAULT_WIRE_STYLE, encodeStep, writeStreamSteps, type ResponseSink } from '../fake/sseWriter';
import { buildStreamSteps } from '../fake/streamPlan';

describe('fake server writer', () => {
  it('long-markdown: sent as fast as possible, in writes of many whole events', async () => {
    const writes: Buffer[] = [];
    const sink: ResponseSink = {
      open: true,
      write: async (chunk) => void writes.push(chunk),
      pause: async () => undefined,
      flush: async () => undefined,
      drop: () => assert.fail('dropped'),
      flushHeaders: () => undefined,
      end: () => undefined,
    };
    const answer = SCENARIOS['long-markdown']!.respond({ param: '65536' } as ScenarioContext);
    assert.equal(answer.kind, 'message');
    const steps = buildStreamSteps(answer.plan, { id: 'msg_1', model: MODEL, inputTokens: 10 }, answer.stream ?? {}, 'req_1', 1);
    await writeStreamSteps(sink, steps, answer.wire ?? DEFAULT_WIRE_STYLE, 1);
    // The same bytes as writing each event on its own, in writes that end where an event ends and
    // (all but the last) carry about 16 KB.
    const style = answer.wire ?? DEFAULT_WIRE_STYLE;
    const perEvent = Buffer.concat(steps.map((step) => (step.kind === 'drop' ? assert.fail('a drop') : encodeStep(step, style))));
    assert.ok(Buffer.concat(writes).equals(perEvent));
    assert.ok(writes.every((chunk) => chunk.toString('utf8').endsWith('\n\n')));
    assert.ok(writes.slice(0, -1).every((chunk) => chunk.length >= 16_384 && chunk.length < 17_000), writes.map((c) => c.length).join(' '));
    assert.ok(writes.length > 1);
  });
});
