import * as assert from 'node:assert/strict';
import { defaultEntryLabel, modelPickEntries, pickerDefault } from '../../src/core/modelPicker';
import { configuredModel, type ModelSettings } from '../../src/core/modelChoice';

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

describe('the configured model, one rule for requests, header and picker', () => {
  const anthropic: ModelSettings = { provider: 'anthropic', model: '', openaiModel: '', openaiBaseUrl: '' };
  const openaiPreset: ModelSettings = { provider: 'openai-compatible', model: 'claude-sonnet-4-6', openaiModel: '', openaiBaseUrl: 'https://api.openai.com/v1' };
  const gateway: ModelSettings = { provider: 'openai-compatible', model: 'claude-sonnet-4-6', openaiModel: '', openaiBaseUrl: 'https://llm.example.test/v1' };
  const local: ModelSettings = { provider: 'openai-compatible', model: '', openaiModel: '', openaiBaseUrl: 'http://127.0.0.1:11434/v1' };
  const listed = [
    { id: 'gpt-fake-1', displayName: 'gpt-fake-1', createdAt: '2024-01-01T00:00:00Z' },
    { id: 'fake-reasoner-1', displayName: 'fake-reasoner-1', createdAt: '2025-01-01T00:00:00Z' },
  ];

  it('an OpenAI preset with no model set: its own default, before inkwell.model', () => {
    assert.equal(configuredModel(openaiPreset), 'gpt-5.5');
    assert.equal(configuredModel({ ...openaiPreset, openaiModel: 'gpt-mine' }), 'gpt-mine');
    const entries = modelPickEntries(listed, '', pickerDefault(openaiPreset, listed));
    assert.deepEqual(entries[0], { label: 'Default (preset): gpt-5.5', description: 'current', value: '', current: true });
    assert.equal(pickerDefault(openaiPreset, listed).model, 'gpt-5.5');
    assert.equal(modelPickEntries(listed, 'gpt-fake-1', pickerDefault(openaiPreset, listed))[0]?.description, 'this endpoint’s preset model');
  });

  it('a custom endpoint: inkwell.model, else the newest model it lists; Anthropic: the Models API decides', () => {
    assert.equal(configuredModel(gateway), 'claude-sonnet-4-6');
    assert.equal(pickerDefault(gateway, listed).label, 'Default (inkwell.model): claude-sonnet-4-6');
    assert.equal(configuredModel(local), '', 'the endpoint’s list decides');
    assert.deepEqual(pickerDefault(local, listed), { model: 'fake-reasoner-1', label: 'Default (newest listed): fake-reasoner-1', follows: 'follows the endpoint’s model list' });
    assert.equal(pickerDefault(local, []).label, 'Default (newest listed): none');
    assert.equal(configuredModel(anthropic), '');
    assert.equal(configuredModel({ ...anthropic, model: 'claude-opus-4-8', openaiModel: 'gpt-x' }), 'claude-opus-4-8');
    assert.equal(pickerDefault(anthropic, models).label, 'Default (newest Sonnet): claude-sonnet-4-6');
  });
});
