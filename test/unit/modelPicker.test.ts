import * as assert from 'node:assert/strict';
import { defaultEntryLabel, modelPickEntries } from '../../src/core/modelPicker';

const models = [
  { id: 'claude-haiku-4-5-20251001', displayName: 'Claude Haiku 4.5', createdAt: '2025-10-15T00:00:00Z' },
  { id: 'claude-sonnet-4-6', displayName: 'Claude Sonnet 4.6', createdAt: '2026-01-28T00:00:00Z' },
  { id: 'claude-opus-4-8', displayName: 'Claude Opus 4.8', createdAt: '2026-05-13T00:00:00Z' },
];

describe('model picker entries', () => {
  it('the default first, naming the model it resolves to, marked current when the setting is empty', () => {
    const entries = modelPickEntries(models, '');
    assert.deepEqual(entries[0], { label: 'Default (newest Sonnet): claude-sonnet-4-6', description: 'current', value: '', current: true });
    assert.deepEqual(entries.slice(1).map((e) => [e.label, e.description, e.current]), [
      ['claude-opus-4-8', 'Claude Opus 4.8', false],
      ['claude-sonnet-4-6', 'Claude Sonnet 4.6', false],
      ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5', false],
    ]);
  });

  it('marks the configured model current, and the default not', () => {
    const entries = modelPickEntries(models, ' claude-opus-4-8 ');
    assert.deepEqual(entries.filter((e) => e.current).map((e) => e.value), ['claude-opus-4-8']);
    assert.equal(entries.find((e) => e.value === 'claude-opus-4-8')?.description, 'Claude Opus 4.8 · current');
    assert.equal(entries[0]?.description, 'follows the Models API');
  });

  it('keeps a configured model the API does not list, right after the default', () => {
    const entries = modelPickEntries(models, 'my-proxy-alias');
    assert.deepEqual(entries[1], { label: 'my-proxy-alias', description: 'current · not listed by the Models API', value: 'my-proxy-alias', current: true });
    assert.equal(entries.length, 5);
  });

  it('without a Sonnet the default is the newest model, and says so', () => {
    const openai = [
      { id: 'gpt-fake-1', displayName: 'gpt-fake-1', createdAt: '2024-01-01T00:00:00Z' },
      { id: 'fake-reasoner-1', displayName: 'fake-reasoner-1', createdAt: '2025-01-01T00:00:00Z' },
    ];
    assert.equal(modelPickEntries(openai, '')[0]?.label, 'Default (newest model): fake-reasoner-1');
    // An id used as its own display name is not repeated as the description.
    assert.equal(modelPickEntries(openai, '')[1]?.description, undefined);
    assert.equal(defaultEntryLabel('claude-sonnet-5-5'), 'Default (newest Sonnet): claude-sonnet-5-5');
  });
});
