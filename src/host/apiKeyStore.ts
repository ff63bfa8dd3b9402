/**
 * Where the Anthropic key comes from: VS Code's SecretStorage, else the ANTHROPIC_API_KEY
 * environment variable (labelled as such in the panel). The key is only ever handed to the
 * provider; callers that show or log anything get the source, never the key.
 */
import * as vscode from 'vscode';
import type { KeySource } from '../shared/transcript';

export interface ResolvedKey {
  readonly key: string;
  readonly source: Exclude<KeySource, 'none'>;
}

export interface ApiKeyStore {
  get(): Promise<ResolvedKey | undefined>;
  /** The source without reading the secret (for the webview's first-run state). */
  readonly source: KeySource;
  set(key: string): Promise<void>;
  clear(): Promise<void>;
  readonly onDidChange: vscode.Event<void>;
}

export const ANTHROPIC_SECRET_ID = 'inkwell.anthropic.apiKey';

/** Keys for OpenAI-compatible endpoints are stored per base URL, so switching endpoints keeps each. */
export function providerSecretId(baseUrl: string): string {
  return `inkwell.openai.apiKey:${baseUrl.trim().replace(/\/+$/, '')}`;
}

export class SecretStorageApiKeyStore implements ApiKeyStore, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /**
   * The stored key as last read. SecretStorage tells every window when it changes, so each send
   * need not ask it again (a round trip to the workbench, which sits on the time to first token).
   */
  private stored: string | undefined;
  /** The first read of the stored key; `get()` waits for it, activation does not. */
  private loaded: Promise<void> = Promise.resolve();
  /** Bumped by every write or change event, so a first read that finishes late cannot undo them. */
  private version = 0;
  private readonly subscription: vscode.Disposable;

  private constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key !== ANTHROPIC_SECRET_ID) return;
      this.version++;
      this.stored = (await secrets.get(ANTHROPIC_SECRET_ID)) || undefined;
      this.changed.fire();
    });
  }

  /**
   * Starts reading the stored key without waiting for it: that read is a round trip to the
   * workbench, and activation should not pay for it. `onDidChange` fires when it is known (the
   * panel's key source follows); `get()` waits for it.
   */
  static create(secrets: vscode.SecretStorage, env: NodeJS.ProcessEnv = process.env): SecretStorageApiKeyStore {
    const store = new SecretStorageApiKeyStore(secrets, env);
    const version = store.version;
    store.loaded = Promise.resolve(secrets.get(ANTHROPIC_SECRET_ID)).then(
      (value) => {
        if (store.version !== version) return;
        store.stored = value || undefined;
        if (store.stored) store.changed.fire();
      },
      () => undefined,
    );
    return store;
  }

  get source(): KeySource {
    if (this.stored) return 'secretStorage';
    if (this.env.ANTHROPIC_API_KEY) return this.env.INKWELL_DEMO === '1' ? 'demo' : 'environment';
    return 'none';
  }

  async get(): Promise<ResolvedKey | undefined> {
    await this.loaded;
    const stored = this.stored;
    if (stored) return { key: stored, source: 'secretStorage' };
    const fromEnv = this.env.ANTHROPIC_API_KEY;
    if (fromEnv) return { key: fromEnv, source: this.env.INKWELL_DEMO === '1' ? 'demo' : 'environment' };
    return undefined;
  }

  async set(key: string): Promise<void> {
    this.version++;
    await this.secrets.store(ANTHROPIC_SECRET_ID, key.trim());
    this.stored = key.trim() || undefined;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.version++;
    await this.secrets.delete(ANTHROPIC_SECRET_ID);
    this.stored = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
