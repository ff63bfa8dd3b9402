// A fetch for the SDK's `fetch` option that passes responses through untouched while keeping the
// raw body chunks exactly as the socket delivered them, so wire-level facts (chunk boundaries,
// line endings, pings) can be checked on the very request the SDK made.

export interface RecordingFetch {
  readonly fetch: typeof fetch;
  /** Body chunks of every response so far, in arrival order. */
  readonly chunks: Buffer[];
  /** The recorded body bytes decoded as UTF-8. */
  text(): string;
}

export function createRecordingFetch(): RecordingFetch {
  const chunks: Buffer[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        chunks.push(Buffer.from(chunk));
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(tap), { status, statusText, headers });
  };
  return { fetch: recordingFetch, chunks, text: () => Buffer.concat(chunks).toString('utf8') };
}
