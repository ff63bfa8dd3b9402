/**
 * Syntax highlighting for finished code blocks. Only highlight.js's core plus the languages people
 * usually paste into a chat, so the webview bundle stays small; anything else is shown plain.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, definition] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, definition);

/**
 * Longer code is shown without colours: highlighting it would stall the panel (its thousands of
 * token elements are what costs, in the sanitizer and in layout). A block is coloured in one go,
 * so this also bounds the longest task highlighting can cause.
 */
export const MAX_HIGHLIGHTED_CODE_CHARS = 50_000;

// The language ends up in a class name and a label, so only plain identifier-like names pass.
const LANGUAGE_NAME = /^[\w+#.-]{1,32}$/;

/** The language named by a fence's info string ("ts title=x" → "ts"), or undefined. */
export function languageOfInfo(info: string | undefined): string | undefined {
  const first = info?.trim().split(/\s+/, 1)[0];
  return first && LANGUAGE_NAME.test(first) ? first : undefined;
}

/** Whether `highlightToHtml` would colour this code. */
export function canHighlight(code: string, language: string | undefined): language is string {
  return language !== undefined && code.length <= MAX_HIGHLIGHTED_CODE_CHARS && hljs.getLanguage(language) !== undefined;
}

/** HTML for the code: highlighted when the language is known, otherwise just escaped. */
export function highlightToHtml(code: string, language: string | undefined): string {
  if (canHighlight(code, language)) {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
  return escapeHtml(code);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
