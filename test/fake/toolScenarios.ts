// Tool-use scenarios beyond a single edit: a view that the client must answer before the model
// goes on, a tool call cut off by a dropped connection, and a tool input that is not valid JSON.

import { splitIntoPieces, splitIntoWords } from './deterministicRandom';
import { message, text, toolUse, type ScenarioContext, type ScenarioResponse } from './planBuilders';
import { EDIT_TOOL_NAME, EXPECTED } from './scenarioTexts';

export const TOOL_SCENARIOS: Readonly<Record<string, { summary: string; respond(context: ScenarioContext): ScenarioResponse }>> = {
  'thinking-view': {
    summary: 'A signed thinking block, text, then a `view` call on src/greet.ts (`thinking-view:PATH`); 2048 cache-read tokens.',
    respond: (context) => ({
      kind: 'message',
      plan: message(
        [
          { type: 'thinking', deltas: splitIntoPieces(EXPECTED.thinkingView.thinking, 10, 30, 19), signature: EXPECTED.thinkingView.signature },
          text(splitIntoWords(EXPECTED.thinkingView.text)),
          toolUse(context, 2, EDIT_TOOL_NAME, { command: 'view', path: context.param ?? 'src/greet.ts' }),
        ],
        'tool_use',
        { read: 2048 },
      ),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'view-file': {
    summary: 'A `view` call on a file (`view-file:PATH`, default src/greet.ts); the client answers it, then the model goes on.',
    respond: (context) => ({
      kind: 'message',
      plan: message(
        [text(splitIntoWords(EXPECTED.viewFile.text)), toolUse(context, 1, EDIT_TOOL_NAME, { command: 'view', path: context.param ?? 'src/greet.ts' })],
        'tool_use',
      ),
      stream: { deltaPauseMs: 2 },
    }),
  },
  'drop-mid-tool': {
    summary: 'Text, then a tool call whose input is cut off halfway by a dropped connection.',
    respond: (context) => {
      const words = splitIntoWords(EXPECTED.toolEdit.text);
      const tool = toolUse(context, 1, EDIT_TOOL_NAME, EXPECTED.toolEdit.input);
      const fragments = tool.type === 'tool_use' ? tool.inputJsonDeltas.length : 0;
      return {
        kind: 'message',
        plan: message([text(words), tool], 'tool_use'),
        stream: { deltaPauseMs: 2, ending: { kind: 'drop', afterDeltas: words.length + Math.floor(fragments / 2) } },
      };
    },
  },
  'bad-tool-json': {
    summary: 'A tool call whose streamed input is not valid JSON (a truncated object), with stop_reason tool_use.',
    respond: (context) => ({
      kind: 'message',
      plan: message(
        [
          text(splitIntoWords(EXPECTED.toolEdit.text)),
          { type: 'tool_use', id: `toolu_01Fake${String(context.requestNumber).padStart(6, '0')}B1`, name: EDIT_TOOL_NAME, inputJsonDeltas: ['', '{"command": "str_replace", "path": "src/gr'] },
        ],
        'tool_use',
      ),
      stream: { deltaPauseMs: 2 },
    }),
  },
};
