/** Answers the model's tool calls in VS Code: `view` read-only, edits resolved into proposals. */
import * as vscode from 'vscode';
import type { ToolHost } from '../chat/answerLoop';
import type { ToolCallRecord } from '../core/conversation';
import { confinePath } from '../core/edits/pathConfinement';
import type { Proposal } from '../core/edits/proposal';
import { resolveProposal } from '../core/edits/resolveProposal';
import type { ToolCall } from '../core/edits/toolCalls';
import { viewPath } from './viewTool';
import { hashText, readSnapshot, realpath, workspaceRoots } from './workspaceFiles';

export const RESTRICTED_MODE_REASON = 'Edits are disabled in Restricted Mode. Trust this workspace to let Inkwell propose edits.';

export class VscodeToolHost implements ToolHost {
  constructor(private readonly newId: () => string) {}

  async handle(turnId: string, calls: readonly ToolCall[]): Promise<{ records: ToolCallRecord[]; proposals: Proposal[] }> {
    const records: ToolCallRecord[] = [];
    const proposals: Proposal[] = [];
    for (const call of calls) {
      switch (call.kind) {
        case 'view': {
          records.push({ toolUseId: call.id, result: await viewPath(call.input) });
          break;
        }
        case 'invalid':
          records.push({ toolUseId: call.id, result: { content: `Error: ${call.reason}`, isError: true } });
          break;
        case 'edit': {
          const proposal = await this.propose(turnId, call);
          proposals.push(proposal);
          records.push({ toolUseId: call.id, proposalId: proposal.id });
          break;
        }
      }
    }
    return { records, proposals };
  }

  private async propose(turnId: string, call: Extract<ToolCall, { kind: 'edit' }>): Promise<Proposal> {
    const id = this.newId();
    // Restricted Mode refuses every path, the same way an unsafe path is refused.
    const path = vscode.workspace.isTrusted
      ? await confinePath(call.input.path, workspaceRoots(), realpath)
      : ({ ok: false, reason: RESTRICTED_MODE_REASON } as const);
    const file = path.ok ? await readSnapshot(path.absolutePath) : undefined;
    return resolveProposal({ id, turnId, call, path, file, hash: hashText });
  }
}
