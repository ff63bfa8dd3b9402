import * as assert from 'node:assert/strict';
import { chooseEndpointModel } from '../../src/core/modelChoice';
import {
  baseUrlProblem,
  capabilitiesFor,
  capabilityNotes,
  CUSTOM_CAPABILITIES,
  modelForChosenEndpoint,
  NO_STREAM_USAGE_NOTE,
  NO_TOOL_USE_NOTE,
  normalizeBaseUrl,
  parseCapabilityOverrides,
  presetById,
  presetForBaseUrl,
  PROVIDER_PRESETS,
} from '../../src/core/providerPresets';

describe('provider presets', () => {
  it('lists every provider of the quick pick, Anthropic first and Custom last', () => {
    assert.deepEqual(
      PROVIDER_PRESETS.map((p) => p.id),
      ['anthropic', 'openai', 'gemini', 'xai', 'deepseek', 'openrouter', 'ollama', 'lmstudio', 'custom'],
    );
  });

  it('uses the base URLs the providers document for the OpenAI SDK', () => {
    const urls = Object.fromEntries(PROVIDER_PRESETS.filter((p) => p.baseUrl).map((p) => [p.id, p.baseUrl]));
    assert.deepEqual(urls, {
      openai: 'https://api.openai.com/v1',
      gemini: 'https://generativelanguage.googleapis.com/v1beta/openai/',
      xai: 'https://api.x.ai/v1',
      deepseek: 'https://api.deepseek.com/v1',
      openrouter: 'https://openrouter.ai/api/v1',
      ollama: 'http://localhost:11434/v1',
      lmstudio: 'http://localhost:1234/v1',
    });
  });

  it('every OpenAI-compatible preset but custom declares its capabilities; local ones need no key', () => {
    for (const preset of PROVIDER_PRESETS.filter((p) => p.provider === 'openai-compatible' && p.id !== 'custom')) {
      assert.ok(preset.capabilities, preset.id);
      assert.equal(preset.needsKey, !['ollama', 'lmstudio'].includes(preset.id), preset.id);
    }
    assert.equal(presetById('anthropic').provider, 'anthropic');
  });

  it('recognises an endpoint by its URL however it is written: trailing slash, host case, documented aliases', () => {
    assert.equal(presetForBaseUrl('https://generativelanguage.googleapis.com/v1beta/openai')?.id, 'gemini');
    assert.equal(presetForBaseUrl('HTTPS://API.OPENAI.COM/v1/')?.id, 'openai');
    assert.equal(presetForBaseUrl('https://api.deepseek.com')?.id, 'deepseek');
    assert.equal(presetForBaseUrl('http://127.0.0.1:11434/v1')?.id, 'ollama');
    assert.equal(presetForBaseUrl('https://llm.example.com/v1'), undefined);
    assert.equal(presetForBaseUrl(''), undefined);
    assert.equal(normalizeBaseUrl(' http://Localhost:1234/v1// '), 'http://localhost:1234/v1');
  });

  it('capabilities come from the preset, custom endpoints get the defaults, and the setting overrides either', () => {
    assert.equal(capabilitiesFor('https://api.openai.com/v1').reasoning, false);
    assert.equal(capabilitiesFor('https://api.deepseek.com').reasoning, true);
    assert.equal(capabilitiesFor('http://localhost:11434/v1').promptCaching, false);
    assert.deepEqual(capabilitiesFor('https://llm.example.com/v1'), CUSTOM_CAPABILITIES);
    assert.equal(capabilitiesFor('https://llm.example.com/v1', { toolUse: false }).toolUse, false);
    assert.equal(capabilitiesFor('https://api.openai.com/v1', { streamUsage: false }).streamUsage, false);
  });

  it('the capabilities setting: known keys with booleans, anything else reported and ignored', () => {
    assert.deepEqual(parseCapabilityOverrides({ toolUse: false, streamUsage: true }), { overrides: { toolUse: false, streamUsage: true }, problems: [] });
    const parsed = parseCapabilityOverrides({ tools: false, toolUse: 'no' });
    assert.deepEqual(parsed.overrides, {});
    assert.equal(parsed.problems.length, 2);
    assert.match(parsed.problems[0]!, /Unknown endpoint capability "tools"/);
    assert.equal(parseCapabilityOverrides([]).problems.length, 1);
    assert.deepEqual(parseCapabilityOverrides(undefined), { overrides: {}, problems: [] });
  });

  it('notes name only the limits that change what Inkwell can do', () => {
    const full = capabilitiesFor('https://api.openai.com/v1');
    assert.deepEqual(capabilityNotes(full, true), []);
    assert.deepEqual(capabilityNotes({ ...full, toolUse: false, streamUsage: false }, true), [NO_TOOL_USE_NOTE, NO_STREAM_USAGE_NOTE]);
    // Non-streaming requests always carry usage.
    assert.deepEqual(capabilityNotes({ ...full, streamUsage: false }, false), []);
    assert.equal(NO_TOOL_USE_NOTE, 'This endpoint can’t propose edits (no tool use)');
  });

  describe('the model written for a chosen endpoint', () => {
    const openai = 'https://api.openai.com/v1';
    const gemini = 'https://generativelanguage.googleapis.com/v1beta/openai/';
    it('keeps a model already set for the same endpoint', () => {
      assert.deepEqual(modelForChosenEndpoint({ chosenBaseUrl: openai, currentBaseUrl: `${openai}/`, currentModel: 'gpt-4.1', remembered: {} }), { model: 'gpt-4.1', source: 'kept' });
    });
    it('never carries the previous endpoint’s model over: the remembered one, else the preset default', () => {
      assert.deepEqual(modelForChosenEndpoint({ chosenBaseUrl: gemini, currentBaseUrl: openai, currentModel: 'gpt-5.5', remembered: {} }), {
        model: 'gemini-3.5-flash',
        source: 'preset',
      });
      const remembered = { [normalizeBaseUrl(gemini)]: 'gemini-3.8-flash' };
      assert.deepEqual(modelForChosenEndpoint({ chosenBaseUrl: gemini, currentBaseUrl: openai, currentModel: 'gpt-5.5', remembered }), {
        model: 'gemini-3.8-flash',
        source: 'remembered',
      });
    });
    it('local servers and custom endpoints without a remembered model use the newest model they list', () => {
      assert.deepEqual(modelForChosenEndpoint({ chosenBaseUrl: 'http://localhost:11434/v1', currentBaseUrl: openai, currentModel: 'gpt-5.5', remembered: {} }), {
        model: '',
        source: 'endpointList',
      });
    });
  });

  it('the newest listed model of an endpoint, else the first, else none — never a Claude fallback', () => {
    assert.equal(chooseEndpointModel([{ id: 'a', displayName: 'a', createdAt: '2024-01-01' }, { id: 'b', displayName: 'b', createdAt: '2025-01-01' }]), 'b');
    assert.equal(chooseEndpointModel([{ id: 'qwen3:8b', displayName: 'qwen3:8b' }]), 'qwen3:8b');
    assert.equal(chooseEndpointModel([]), undefined);
  });

  it('a custom base URL must be http(s) without query or fragment', () => {
    assert.equal(baseUrlProblem('https://llm.example.com/v1'), undefined);
    assert.match(baseUrlProblem('') ?? '', /Enter/);
    assert.match(baseUrlProblem('ftp://x') ?? '', /http/);
    assert.match(baseUrlProblem('https://x/v1?key=1') ?? '', /query/);
    assert.match(baseUrlProblem('not a url') ?? '', /not a URL/);
  });
});
