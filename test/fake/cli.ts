// Runs the fake Anthropic server as its own process, for `npm start` demo mode and for test
// runners in other processes: `node --import tsx test/fake/cli.ts [--port N]`. The first stdout
// line is {"url":"http://127.0.0.1:PORT"}; request logs go to stderr; SIGTERM/SIGINT stop it.

import { startFakeAnthropicServer } from './fakeAnthropicServer';

function portFromArgs(args: readonly string[]): number {
  const flag = args.indexOf('--port');
  const inline = args.find((arg) => arg.startsWith('--port='));
  const value = inline ? inline.slice('--port='.length) : flag >= 0 ? args[flag + 1] : undefined;
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a number from 0 to 65535, got '${value}'`);
  return port;
}

async function main(): Promise<void> {
  const server = await startFakeAnthropicServer({
    port: portFromArgs(process.argv.slice(2)),
    log: (line) => process.stderr.write(`[fake-anthropic] ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[fake-anthropic] ${signal}: closing\n`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`[fake-anthropic] failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
