/**
 * Pending proposals in the editor: CodeLens "Accept | Reject | Show diff" above the lines an edit
 * would change, those lines highlighted, and the context key `inkwell.editorHasProposal` for the
 * keybindings. Everything is recomputed from the chat's proposals when they change.
 */
import * as vscode from 'vscode';
import type { Proposal } from '../core/edits/proposal';
import { COMMANDS, INTERNAL_COMMANDS } from '../shared/contributions';
import { sameFile } from '../commands/selection';

export const EDITOR_HAS_PROPOSAL = 'inkwell.editorHasProposal';

export class ProposalLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly pending: () => Proposal[]) {
    this.subscriptions = [
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      // Only a document with a proposal can move its highlight; other typing costs nothing here.
      vscode.workspace.onDidChangeTextDocument((e) => this.forDocument(e.document).length > 0 && this.refresh()),
    ];
  }

  /** Proposals changed: redraw lenses and highlights. */
  refresh(): void {
    this.changed.fire();
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.decoration, this.forDocument(editor.document).map((p) => rangeOf(editor.document, p)));
    }
    this.updateContextKey();
  }

  forDocument(document: vscode.TextDocument): Proposal[] {
    return this.pending().filter((p) => p.command !== 'create' && sameFile(p.absolutePath, document.uri));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.forDocument(document).flatMap((p) => {
      const range = rangeOf(document, p);
      const summary = `Inkwell: proposed edit (+${p.added} −${p.removed})`;
      return [
        new vscode.CodeLens(range, { title: `$(check) Accept`, tooltip: summary, command: COMMANDS.acceptProposal, arguments: [p.id] }),
        new vscode.CodeLens(range, { title: `$(close) Reject`, tooltip: summary, command: COMMANDS.rejectProposal, arguments: [p.id] }),
        new vscode.CodeLens(range, { title: 'Show diff', tooltip: summary, command: INTERNAL_COMMANDS.showProposalDiff, arguments: [p.id] }),
      ];
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decoration.dispose();
    this.changed.dispose();
  }

  private updateContextKey(): void {
    const document = vscode.window.activeTextEditor?.document;
    const has = document ? this.forDocument(document).length > 0 : false;
    void vscode.commands.executeCommand('setContext', EDITOR_HAS_PROPOSAL, has);
  }
}

/** The lines the proposal would replace (or the line it inserts after), in the current text. */
function rangeOf(document: vscode.TextDocument, proposal: Proposal): vscode.Range {
  const change = proposal.change;
  if (!change) return new vscode.Range(0, 0, 0, 0);
  // positionAt clamps offsets past the end, so a shortened file cannot throw here.
  const start = document.positionAt(change.start);
  const end = document.positionAt(Math.max(change.start, change.end - 1));
  return new vscode.Range(start.line, 0, end.line, 0);
}
