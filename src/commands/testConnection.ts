/**
 * "Inkwell: Test Connection": for the provider now configured, checks that the settings resolve
 * (key, proxy, CA files), that the endpoint answers the Models API with this key, and that the
 * model answers a one-token request — with the route, latency and exact failure of each step, in
 * a notification (with the same actions as chat errors) and the log. Returns the result, so
 * scripts and tests need no notification.
 */
import * as vscode from 'vscode';
import { asInkwellError, InkwellError } from '../core/errors';
import type { ResolvedProvider } from '../chat/chatController';
import type { ErrorActionId } from '../shared/transcript';

export type ConnectionStepName = 'settings' | 'models' | 'message';

export interface ConnectionStepResult {
  readonly step: ConnectionStepName;
  readonly ok: boolean;
  readonly latencyMs: number;
  /** What was found, e.g. "12 models listed" or "answered (stop: max_tokens)". */
  readonly detail: string;
  readonly error?: ConnectionError;
}

export interface ConnectionError {
  readonly kind: string;
  readonly title: string;
  readonly detail: string;
  readonly actions: readonly ErrorActionId[];
}

export interface ConnectionTestResult {
  readonly ok: boolean;
  readonly provider: 'anthropic' | 'openai-compatible';
  /** host:port of the API (never the key or URL credentials). */
  readonly host?: string;
  /** "direct", or "via proxy host:port (http.proxy)". */
  readonly route?: string;
  readonly model?: string;
  readonly steps: readonly ConnectionStepResult[];
  /** The failure that decides the result, if any. */
  readonly error?: ConnectionError;
}

export interface TestConnectionDeps {
  readonly provider: () => 'anthropic' | 'openai-compatible';
  readonly resolve: () => Promise<ResolvedProvider>;
  /** How requests to `baseUrl` travel, for the report. */
  readonly routeOf: (baseUrl: string) => string;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** Runs an action the user picked from the failure notification. */
  readonly runAction: (action: ErrorActionId) => void;
}

const MODELS_TIMEOUT_MS = 20_000;
const MESSAGE_TIMEOUT_MS = 60_000;
/** Failures after which the next step would only fail the same way. */
const UNREACHABLE = new Set(['connection', 'proxy', 'certificate', 'timeout', 'stalled']);

export async function testConnection(deps: TestConnectionDeps): Promise<ConnectionTestResult> {
  const provider = deps.provider();
  const steps: ConnectionStepResult[] = [];
  const report = (result: ConnectionTestResult) => {
    announce(result, deps);
    return result;
  };

  const settingsStart = Date.now();
  let resolved: ResolvedProvider;
  try {
    resolved = await deps.resolve();
  } catch (error) {
    const failure = viewOf(asInkwellError(error));
    steps.push({ step: 'settings', ok: false, latencyMs: Date.now() - settingsStart, detail: 'settings could not be used', error: failure });
    return report({ ok: false, provider, steps, error: failure });
  }
  steps.push({ step: 'settings', ok: true, latencyMs: Date.now() - settingsStart, detail: `model ${resolved.model}` });
  const endpoint = resolved.provider as { host?: string; baseUrl?: string };
  const host = endpoint.host;
  const route = endpoint.baseUrl ? deps.routeOf(endpoint.baseUrl) : undefined;
  const base = { provider, host, route, model: resolved.model };

  const models = await timed('models', async (signal) => {
    const list = await resolved.provider.listModels(signal);
    const listed = list.some((m) => m.id === resolved.model);
    return `${list.length} model(s) listed${list.length > 0 && !listed ? `; ${resolved.model} is not among them` : ''}`;
  }, MODELS_TIMEOUT_MS);
  steps.push(models);
  if (models.error && UNREACHABLE.has(models.error.kind)) return report({ ...base, ok: false, steps, error: models.error });

  const message = await timed('message', async (signal) => {
    let stopReason = '';
    await resolved.provider.send(
      { model: resolved.model, maxTokens: 1, messages: [{ role: 'user', content: [{ type: 'text', text: 'Reply with OK.' }] }], stream: false, promptCaching: false },
      (event) => {
        if (event.type === 'messageComplete') stopReason = event.stopReason;
      },
      signal,
    );
    return `the model answered${stopReason ? ` (stop: ${stopReason})` : ''}`;
  }, MESSAGE_TIMEOUT_MS);
  steps.push(message);
  return report({ ...base, ok: message.ok, steps, error: message.error });
}

async function timed(step: ConnectionStepName, run: (signal: AbortSignal) => Promise<string>, timeoutMs: number): Promise<ConnectionStepResult> {
  const started = Date.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const detail = await run(controller.signal);
    return { step, ok: true, latencyMs: Date.now() - started, detail };
  } catch (error) {
    const latencyMs = Date.now() - started;
    const failure = controller.signal.aborted
      ? { kind: 'timeout', title: 'No answer', detail: `No answer within ${timeoutMs / 1000} s.`, actions: ['openSettings'] as ErrorActionId[] }
      : viewOf(asInkwellError(error));
    return { step, ok: false, latencyMs, detail: failure.title, error: failure };
  } finally {
    clearTimeout(timer);
  }
}

function viewOf(error: InkwellError): ConnectionError {
  const view = error.toView();
  return { kind: error.kind, title: view.title, detail: view.detail, actions: view.actions.map((a) => a.id) };
}

const STEP_NAMES: Record<ConnectionStepName, string> = { settings: 'settings', models: 'Models API', message: 'test message' };
const ACTION_LABELS: Record<ErrorActionId, string> = {
  setApiKey: 'Set API Key',
  openModelSetting: 'Choose Model',
  openBaseUrlSetting: 'Check Base URL',
  openSettings: 'Open Settings',
  openNetworkSettings: 'Open Network Settings',
  openStreamSetting: 'Open Stream Setting',
  retry: 'Test Again',
};

/** The log line for every step, then one notification; never awaited (toasts may stay open). */
function announce(result: ConnectionTestResult, deps: TestConnectionDeps): void {
  const where = result.host ? ` ${result.host}${result.route ? ` ${result.route}` : ''}` : '';
  for (const step of result.steps) {
    const line = `test connection (${result.provider}${where}): ${STEP_NAMES[step.step]} ${step.ok ? 'ok' : 'failed'} in ${step.latencyMs} ms — ${step.error ? `${step.error.title}: ${step.error.detail}` : step.detail}`;
    if (step.ok) deps.log.info(line);
    else deps.log.warn(line);
  }
  const timing = result.steps
    .filter((s) => s.step !== 'settings')
    .map((s) => `${STEP_NAMES[s.step]} ${s.latencyMs} ms`)
    .join(', ');
  if (result.ok) {
    const skipped = result.steps.find((s) => !s.ok);
    const note = skipped ? ` (${STEP_NAMES[skipped.step]}: ${skipped.error?.title})` : '';
    void vscode.window.showInformationMessage(`Inkwell: connected to${where} — ${result.model} answered. ${timing}.${note}`);
    return;
  }
  const failed = result.steps.find((s) => s.error === result.error) ?? result.steps.at(-1);
  const actions = [...(result.error?.actions ?? []), 'retry' as const].filter((a, i, all) => all.indexOf(a) === i);
  const labels = actions.map((a) => ACTION_LABELS[a]);
  void vscode.window
    .showErrorMessage(`Inkwell: Test Connection failed at the ${STEP_NAMES[failed?.step ?? 'settings']}${where} — ${result.error?.title}: ${result.error?.detail}`, ...labels)
    .then((picked) => {
      const action = actions[labels.indexOf(picked ?? '')];
      if (action) deps.runAction(action);
    });
}
