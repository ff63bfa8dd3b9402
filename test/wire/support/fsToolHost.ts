/**
 * The tool host and applier for wire tests, over the real file system of a temp workspace: the
 * same core functions the VS Code host uses (path confinement, proposal resolution, re-resolution),
 * with Node's fs in place of VS Code's documents.
 */
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { ToolHost } from '../../../src/chat/answerLoop';
import type { ProposalApplier } from '../../../src/chat/chatController';
import type { ToolCallRecord } from '../../../src/core/conversation';
import { confinePath, type Realpath, type WorkspaceRoot } from '../../../src/core/edits/pathConfinement';
import type { Proposal } from '../../../src/core/edits/proposal';
import { reResolve, resolveProposal, type FileSnapshot } from '../../../src/core/edits/resolveProposal';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const realpath: Realpath = async (p) => fs.promises.realpath(p).catch(() => undefined);

function snapshot(path: string): FileSnapshot {
  if (!fs.existsSync(path)) return { exists: false, text: '' };
  if (fs.statSync(path).isDirectory()) return { exists: true, isDirectory: true, text: '' };
  return { exists: true, text: fs.readFileSync(path, 'utf8') };
}

export function fsToolHost(root: WorkspaceRoot, newId: () => string): ToolHost {
  return {
    async handle(turnId, calls) {
      const records: ToolCallRecord[] = [];
      const proposals: Proposal[] = [];
      for (const call of calls) {
        if (call.kind === 'invalid') {
          records.push({ toolUseId: call.id, result: { content: `Error: ${call.reason}`, isError: true } });
          continue;
        }
        const path = await confinePath(call.input.path, [root], realpath);
        if (call.kind === 'view') {
          const file = path.ok ? snapshot(path.absolutePath) : undefined;
          const content = file?.exists ? file.text.split('\n').map((line, i) => `${i + 1}\t${line}`).join('\n') : 'Error: not found';
          records.push({ toolUseId: call.id, result: { content, isError: !file?.exists } });
          continue;
        }
        const proposal = resolveProposal({ id: newId(), turnId, call, path, file: path.ok ? snapshot(path.absolutePath) : undefined, hash });
        proposals.push(proposal);
        records.push({ toolUseId: call.id, proposalId: proposal.id });
      }
      return { records, proposals };
    },
  };
}

export const fsApplier: ProposalApplier = {
  async accept(proposal) {
    const change = reResolve(proposal, snapshot(proposal.absolutePath!), hash);
    if (!change.ok) return { status: 'stale', reason: change.reason };
    fs.mkdirSync(dirname(proposal.absolutePath!), { recursive: true });
    fs.writeFileSync(proposal.absolutePath!, change.newText);
    return { status: 'accepted' };
  },
  async showDiff() {},
};
