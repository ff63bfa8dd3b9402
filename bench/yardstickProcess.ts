/**
 * The Node process that times the bare SDK for P1 (started by yardstick.mjs): it answers each
 * `{ url, prompt }` message with the milliseconds one consume took, and ends with its parent.
 */
import { sdkConsumeMs } from './sdkConsume';

process.on('message', (message: { url: string; prompt: string }) => {
  sdkConsumeMs(message.url, message.prompt).then(
    (ms) => process.send!({ ms }),
    (error: unknown) => process.send!({ error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
