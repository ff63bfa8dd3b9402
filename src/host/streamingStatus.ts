/**
 * The status-bar item shown while Claude is answering anywhere in this window: how many answers,
 * a tooltip listing them, and a click that stops the one answer or asks which to stop.
 */
import * as vscode from 'vscode';
import type { ChatRegistry, WindowStreamingAnswer } from '../chat/chatRegistry';
import { delayedFlag } from './delayedFlag';
import { summarizeStreaming, type StreamingSummary } from './streamingSummary';

/** Registered for the item's click only; not in the palette. */
export const STOP_FROM_STATUS_COMMAND = 'inkwell.stopFromStatusBar';

export interface StreamingStatusState {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
  readonly accessibilityLabel: string;
}

export class StreamingStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private summary: StreamingSummary | undefined;
  /** Shown once answering has lasted a moment (see delayedFlag.ts). */
  private readonly shown = delayedFlag(() => this.render());

  constructor(private readonly chats: ChatRegistry) {
    this.item = vscode.window.createStatusBarItem('inkwell.streaming', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Inkwell: answers in progress';
    this.item.command = STOP_FROM_STATUS_COMMAND;
    const changed = chats.onDidChangeStreaming(() => this.update());
    this.subscriptions.push(
      this.item,
      this.shown,
      { dispose: () => changed.dispose() },
      vscode.commands.registerCommand(STOP_FROM_STATUS_COMMAND, () => this.stopFromClick()),
    );
    this.update();
  }

  /** What the item shows now (the test API reads it). */
  state(): StreamingStatusState {
    const shown = this.shown.on ? this.summary : undefined;
    return {
      visible: shown !== undefined,
      text: shown?.text ?? '',
      tooltip: shown?.tooltip ?? '',
      accessibilityLabel: shown?.accessibilityLabel ?? '',
    };
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private update(): void {
    this.summary = summarizeStreaming(this.chats.streaming());
    this.shown.set(this.summary !== undefined);
    if (this.shown.on) this.render();
  }

  private render(): void {
    if (!this.summary || !this.shown.on) {
      this.item.hide();
      return;
    }
    this.item.text = this.summary.text;
    this.item.tooltip = this.summary.tooltip;
    this.item.accessibilityInformation = { label: this.summary.accessibilityLabel, role: 'button' };
    this.item.show();
  }

  /** One answer: stop it. Several: ask which (or all). */
  private async stopFromClick(): Promise<void> {
    const answers = this.chats.streaming();
    if (answers.length <= 1) {
      answers[0]?.stop();
      return;
    }
    const summary = summarizeStreaming(answers)!;
    type Item = vscode.QuickPickItem & { readonly answers: readonly WindowStreamingAnswer[] };
    const items: Item[] = [
      { label: `$(debug-stop) Stop all ${answers.length} answers`, answers },
      ...answers.map((answer, i) => ({ label: summary.lines[i]!, description: `${Math.round((Date.now() - answer.startedAt) / 1000)} s`, answers: [answer] })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Stop which answer?', placeHolder: 'Claude is writing several answers' });
    // An answer may have finished while the list was open; stopping it then does nothing.
    for (const answer of picked?.answers ?? []) answer.stop();
  }
}
