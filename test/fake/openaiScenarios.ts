// Scenarios for situations only OpenAI-compatible servers produce. Every scenario of the table
// plays on both wires (the endpoint that is hit picks the encoding); these `oa-` ones exist because
// their point — a finish_reason that contradicts the content, the `length` cut — is an OpenAI one.

import { splitIntoWords } from './deterministicRandom';
import { message, text, toolUse, type ScenarioContext, type ScenarioResponse } from './planBuilders';
import { EDIT_TOOL_NAME, EXPECTED } from './scenarioTexts';

export const OPENAI_EXPECTED = {
  length: 'This answer is longer than the token limit allows, so the server cuts it off in the middle of a',
} as const;

export const OPENAI_SCENARIOS: Readonly<Record<string, { summary: string; respond(context: ScenarioContext): ScenarioResponse }>> = {
  'oa-tool-calls-finish-stop': {
    summary: 'Text and a str_replace_based_edit_tool call, but finish_reason "stop" (as some local servers report tool calls).',
    respond: (context) => ({
      kind: 'message',
      plan: message([text(splitIntoWords(EXPECTED.toolEdit.text)), toolUse(context, 1, EDIT_TOOL_NAME, EXPECTED.toolEdit.input)], 'end_turn'),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'oa-length': {
    summary: 'Text cut off by the output token limit: finish_reason "length" (stop_reason max_tokens on the Messages wire).',
    respond: () => ({
      kind: 'message',
      plan: message([text(splitIntoWords(OPENAI_EXPECTED.length))], 'max_tokens'),
      stream: { deltaPauseMs: 2 },
    }),
  },
};
