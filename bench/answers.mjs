// The benchmark's answers: prompts that select a fake-server scenario, and what the watcher needs
// to know a long markdown answer's last character is in the DOM.
import { longMarkdown } from '../test/fake/longMarkdown.ts';

export const prompt = (scenario, words) => `[[scenario:${scenario}]] ${words}`;

export function answerEnd(bytes) {
  const text = longMarkdown(bytes);
  const headings = text.match(/^## .*$/gm);
  const lines = text.trimEnd().split('\n');
  return {
    chars: text.length,
    lastHeading: headings[headings.length - 1].slice(3).trim(),
    lastLine: lines[lines.length - 1].replace(/^\d+\.\s+/, '').trim(),
  };
}
