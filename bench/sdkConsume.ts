/**
 * The yardstick of P1: milliseconds for the official SDK to consume a whole stream, the raw event
 * stream of `messages.create({ stream: true })`, the same call the extension makes (its
 * `messages.stream()` helper costs more per event, which would flatter the ratio). It imports
 * nothing but the SDK, so the process that runs it (see yardstick.mjs) holds nothing else.
 */
import Anthropic from '@anthropic-ai/sdk';

/** The model the benchmark asks the fake server for. */
export const BENCH_MODEL = 'claude-fake-1';

export async function sdkConsumeMs(baseURL: string, prompt: string): Promise<number> {
  const client = new Anthropic({ baseURL, apiKey: 'bench-key', maxRetries: 0 });
  const started = performance.now();
  const stream = await client.messages.create({ model: BENCH_MODEL, max_tokens: 8192, stream: true, messages: [{ role: 'user', content: prompt }] });
  for await (const event of stream) void event;
  return performance.now() - started;
}
