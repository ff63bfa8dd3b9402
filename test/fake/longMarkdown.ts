// A long, realistic markdown document of a requested size: headings, lists, tables, quotes and
// fenced code in several languages, as a detailed technical answer would contain. It stresses
// incremental rendering and highlighting; the content is deterministic so tests can compare it.

const TOPICS = [
  'Parsing server-sent events',
  'Backpressure in Node streams',
  'Rendering markdown incrementally',
  'Retrying with exponential backoff',
  'Cancelling requests cleanly',
  'Caching prompt prefixes',
  'Applying edits safely',
  'Measuring time to first token',
] as const;

const CODE_SAMPLES: readonly { lang: string; code: string }[] = [
  {
    lang: 'ts',
    code: [
      'export async function* lines(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {',
      "  const decoder = new TextDecoder('utf-8');",
      "  let buffered = '';",
      '  for await (const chunk of stream) {',
      '    buffered += decoder.decode(chunk, { stream: true });',
      '    let newline: number;',
      "    while ((newline = buffered.indexOf('\\n')) >= 0) {",
      '      yield buffered.slice(0, newline);',
      '      buffered = buffered.slice(newline + 1);',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  },
  {
    lang: 'python',
    code: [
      'def backoff(attempt: int, base: float = 0.5, cap: float = 8.0) -> float:',
      '    """Seconds to wait before retry number `attempt` (0-based)."""',
      '    delay = min(base * 2 ** attempt, cap)',
      '    return delay * (1 - random.random() * 0.25)',
    ].join('\n'),
  },
  {
    lang: 'rust',
    code: [
      'fn split_utf8_safe(bytes: &[u8], at: usize) -> usize {',
      '    let mut cut = at.min(bytes.len());',
      '    while cut > 0 && (bytes[cut] & 0b1100_0000) == 0b1000_0000 {',
      '        cut -= 1;',
      '    }',
      '    cut',
      '}',
    ].join('\n'),
  },
  {
    lang: 'go',
    code: [
      'func retry(ctx context.Context, attempts int, f func() error) error {',
      '\tvar err error',
      '\tfor i := 0; i < attempts; i++ {',
      '\t\tif err = f(); err == nil {',
      '\t\t\treturn nil',
      '\t\t}',
      '\t\tselect {',
      '\t\tcase <-ctx.Done():',
      '\t\t\treturn ctx.Err()',
      '\t\tcase <-time.After(time.Duration(1<<i) * 500 * time.Millisecond):',
      '\t\t}',
      '\t}',
      '\treturn err',
      '}',
    ].join('\n'),
  },
  {
    lang: 'bash',
    code: [
      'curl -sN https://api.anthropic.com/v1/messages \\',
      '  -H "x-api-key: $ANTHROPIC_API_KEY" \\',
      '  -H "anthropic-version: 2023-06-01" \\',
      '  -H "content-type: application/json" \\',
      '  -d \'{"model":"claude-haiku-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Hi"}]}\'',
    ].join('\n'),
  },
  {
    lang: 'json',
    code: [
      '{',
      '  "type": "content_block_delta",',
      '  "index": 0,',
      '  "delta": { "type": "text_delta", "text": "Hello" }',
      '}',
    ].join('\n'),
  },
  {
    lang: 'sql',
    code: [
      'SELECT model, COUNT(*) AS requests, AVG(first_token_ms) AS avg_ttft',
      'FROM completions',
      "WHERE created_at > NOW() - INTERVAL '1 day'",
      'GROUP BY model',
      'ORDER BY requests DESC;',
    ].join('\n'),
  },
];

function section(n: number): string {
  const topic = TOPICS[n % TOPICS.length] ?? TOPICS[0];
  const sample = CODE_SAMPLES[n % CODE_SAMPLES.length] ?? CODE_SAMPLES[0]!;
  return [
    `## ${n + 1}. ${topic}`,
    '',
    `Section ${n + 1} looks at *${topic.toLowerCase()}* from a practical angle. The short version: keep ` +
      'state small, make every step observable, and never trust a chunk boundary. The longer version follows, ' +
      'with a table of trade-offs and a runnable example.',
    '',
    '### Checklist',
    '',
    `- Measure before changing anything (baseline run #${n + 1}).`,
    '- Handle the **unhappy path** first: timeouts, partial data, cancellation.',
    '- Keep `TextDecoder` in streaming mode so split characters survive.',
    '  - Nested detail: flush the decoder once the stream ends.',
    '  - Nested detail: never decode a chunk in isolation.',
    '- Log with enough context to reproduce, but never log secrets.',
    '',
    '| Approach | Latency | Memory | Notes |',
    '| --- | ---: | ---: | --- |',
    `| Buffer everything | ${120 + n} ms | high | simplest, worst first paint |`,
    `| Stream and re-render | ${40 + (n % 9)} ms | medium | needs throttling |`,
    `| Stream and append | ${25 + (n % 7)} ms | low | best, if the parser is incremental |`,
    '',
    `> **Tip ${n + 1}:** when in doubt, write the test that splits the input one byte at a time.`,
    '',
    `\`\`\`${sample.lang}`,
    sample.code,
    '```',
    '',
    `1. Read the ${sample.lang} example above.`,
    '2. Change one thing at a time and re-run the measurement.',
    '3. Keep the change only if the numbers improve.',
    '',
  ].join('\n');
}

/** A markdown document of at least `bytes` UTF-8 bytes (whole sections, so it ends cleanly). */
export function longMarkdown(bytes: number): string {
  const parts = ['# A long answer, for streaming and rendering tests', ''];
  let length = Buffer.byteLength(parts.join('\n'), 'utf8');
  for (let n = 0; length < bytes; n++) {
    const next = section(n);
    parts.push(next);
    length += Buffer.byteLength(next, 'utf8') + 1;
  }
  return parts.join('\n');
}
