// Root hooks for the UI tier (loaded by test/ui/.mocharc.json). The session is started in a
// root "before all" hook rather than a global fixture so that a failure to start it is reported
// and counted like a failing test.
import { finishTestPages, startUiSession, stopUiSession } from './helpers.mjs';

export const mochaHooks = {
  async beforeAll() {
    this.timeout(5 * 60_000); // a first run may build the extension and install code-server
    await startUiSession();
  },
  async afterEach() {
    await finishTestPages(this.currentTest);
  },
  async afterAll() {
    this.timeout(30_000);
    await stopUiSession();
  },
};
