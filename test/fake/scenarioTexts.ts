// The exact content each scenario answers with. Exported so tests assert exact strings instead of
// "something arrived": a client that drops, duplicates or garbles a single delta must fail.

import { longMarkdown } from './longMarkdown';
import { fakeThinkingSignature } from './thinkingSignature';

const THINKING_TEXT =
  'The user wants to know what 6 times 7 is. Multiplying: 6 × 7 = 42. ' +
  'Let me double-check by adding 7 six times: 7, 14, 21, 28, 35, 42. Yes, 42.';

const THINKING_VIEW_TEXT =
  'The question is about src/greet.ts. I have not seen that file yet, so I should view it before saying anything about it.';

/** The text editor tool the project uses (Anthropic's `text_editor_20250728`). */
export const EDIT_TOOL_NAME = 'str_replace_based_edit_tool';

/** Default size of `long-markdown`, in UTF-8 bytes; `[[scenario:long-markdown:N]]` overrides it. */
export const LONG_MARKDOWN_DEFAULT_BYTES = 200 * 1024;

/** Longest prefix of the question the demo answer quotes. */
export const DEMO_QUOTE_LIMIT = 80;

const TOOL_EDIT_FILE_BEFORE = [
  'export function greet(name: string): string {',
  "  return 'Hello ' + name;",
  '}',
  '',
].join('\n');

const TOOL_EDIT_FILE_AFTER = [
  'export function greet(name: string): string {',
  '  return `Hello, ${name}!`;',
  '}',
  '',
].join('\n');

/** The question as the demo answer quotes it: one line, markers removed, at most 80 characters. */
export function demoQuote(question: string): string {
  const oneLine = question.replace(/\[\[scenario:[^\]]*\]\]/g, ' ').replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(an empty message)';
  const characters = Array.from(oneLine);
  return characters.length <= DEMO_QUOTE_LIMIT ? oneLine : `${characters.slice(0, DEMO_QUOTE_LIMIT).join('').trimEnd()}…`;
}

function demoAnswer(question: string): string {
  return [
    "**You're in Inkwell's demo mode.** This answer comes from a local fake server that ships with Inkwell, " +
      'not from Claude, so no API key is needed and nothing leaves your machine.',
    '',
    `> ${demoQuote(question)}`,
    '',
    'To get real answers from Claude:',
    '',
    '1. Run **Inkwell: Set Anthropic API Key** from the Command Palette.',
    '2. Paste a key from the Anthropic Console — it is kept in VS Code Secret Storage.',
    '3. Ask again; answers then stream from the Anthropic API.',
    '',
    'Until then, here is a little TypeScript so you can see how code looks in the chat:',
    '',
    '```ts',
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    '```',
  ].join('\n');
}

export const EXPECTED = {
  textWithPings:
    'Hello from the fake server! This answer is streamed in small pieces, with a ping event after every piece. ' +
    'Pings carry no content, so the final text is exactly this sentence.',
  splitUtf8:
    'Grüße aus Zürich! 🎉 日本語のテキスト、中文字符和한국어 문장. Café, naïve, façade — ½ × π ≈ 1.5708. ' +
    '👩‍💻 writes code, 🚀 ships it, ✨ done. Ñandú, Ærøskøbing, Ελληνικά, עִבְרִית, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢.',
  crlf:
    'Every line of this stream ends in CRLF,\nand every data line carries trailing spaces.\n\n' +
    'Parsers must strip both and still see this exact text.',
  thinking: {
    thinking: THINKING_TEXT,
    signature: fakeThinkingSignature(THINKING_TEXT),
    text: '6 × 7 = **42**.',
  },
  thinkingView: {
    thinking: THINKING_VIEW_TEXT,
    signature: fakeThinkingSignature(THINKING_VIEW_TEXT),
    text: 'I will read the file before I answer.',
  },
  cachedAnswer: 'This answer re-read most of its prompt from the cache and wrote the rest to it.',
  redactedThinking: {
    data:
      'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB8URj2pTnJ9ZmOyU0ZmB7CpWc4uQ8F3pY2Rb6oZ=',
    text: 'Part of my reasoning was redacted for safety, but the answer is still: yes, that plan works.',
  },
  unknownEvents:
    'This answer arrives with an event type and a delta type that no client knows yet. ' +
    'Clients must ignore both and show exactly this text.',
  bufferedStream:
    'This answer was written at a normal pace, word by word, but something between the server and you held it back and let it through all at once. ' +
    'Proxies, VPNs and security filters do that to streamed responses. The words still arrive intact and in order, so nothing is lost, only the sense of progress.',
  errorMidStream: 'This answer starts normally, but the server becomes overloaded',
  dropMidStream: 'This answer starts normally, but the connection is about to',
  stallMidStream: 'This answer starts normally, then the connection goes quiet and',
  eofWithoutStop: 'This answer is complete, yet its stream ends without message_stop.',
  rateLimitedOnce: 'Second time lucky: this answer arrived after one 429 and a retry.',
  afterToolResult: 'Thanks, I have the tool results. The proposed change is ready for you to review.',
  viewFile: { text: 'Let me look at the file first.' },
  toolEdit: {
    text: "I'll make the greeting friendlier.",
    name: EDIT_TOOL_NAME,
    input: {
      command: 'str_replace',
      path: 'src/greet.ts',
      old_str: "  return 'Hello ' + name;",
      new_str: '  return `Hello, ${name}!`;',
    },
    /** The workspace file the edit expects, and the file once the edit is applied. */
    fileBefore: TOOL_EDIT_FILE_BEFORE,
    fileAfter: TOOL_EDIT_FILE_AFTER,
  },
  twoTools: {
    text: 'Two changes: a friendlier greeting, and a new farewell module.',
    inputs: [
      {
        command: 'str_replace',
        path: 'src/greet.ts',
        old_str: "  return 'Hello ' + name;",
        new_str: '  return `Hello, ${name}!`;',
      },
      {
        command: 'create',
        path: 'src/farewell.ts',
        file_text: 'export function farewell(name: string): string {\n  return `Goodbye, ${name}!`;\n}\n',
      },
    ],
  },
  /** Tool ids are unique per response: `toolu_01Fake` + request number + block number. */
  toolUseIdPattern: /^toolu_01Fake[0-9A-Za-z]+$/,
  /** The i-th piece of `slow-drip` (1-based); the full text is these pieces concatenated. */
  slowDripPiece: (n: number): string => `drip ${n}. `,
  demo: demoAnswer,
  longMarkdown: (bytes: number = LONG_MARKDOWN_DEFAULT_BYTES): string => longMarkdown(bytes),
  errors: {
    unauthorized: 'invalid x-api-key',
    notFound: (model: string): string => `model: ${model}`,
    overloaded: 'Overloaded',
    serverError: 'Internal server error',
  },
} as const;
