/**
 * Extra HTTP headers for an Anthropic-format proxy (`inkwell.anthropic.headers`): validated once, so
 * a typo is reported when the setting is read instead of failing every request inside `fetch`.
 * Values are never part of a problem text: they may be secret, and problems are logged.
 */

export interface ParsedHeaders {
  readonly headers: Readonly<Record<string, string>>;
  /** One sentence per ignored entry, naming the header but never its value. */
  readonly problems: readonly string[];
  /** Names of headers that look like credentials: settings are plain text (and may sync), so the user is told. */
  readonly secretLooking: readonly string[];
}

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A value may hold visible characters, spaces and tabs; CR, LF and other controls would split or break the request. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const SECRET_NAME = /authorization|api[-_]?key|token|secret|password|cookie|credential|^x-.*key$/i;

export function parseExtraHeaders(setting: unknown): ParsedHeaders {
  if (setting === undefined || setting === null) return { headers: {}, problems: [], secretLooking: [] };
  if (typeof setting !== 'object' || Array.isArray(setting)) {
    return { headers: {}, problems: ['Extra headers must be an object of header name → value; the setting was ignored.'], secretLooking: [] };
  }
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  const secretLooking: string[] = [];
  for (const [rawName, value] of Object.entries(setting)) {
    const name = rawName.trim();
    if (!HEADER_NAME.test(name)) {
      problems.push(`The header name "${rawName}" is not valid; it was ignored.`);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push(`The value of header "${name}" must be a string; it was ignored.`);
      continue;
    }
    if (!HEADER_VALUE.test(value)) {
      problems.push(`The value of header "${name}" contains a line break or control character; it was ignored.`);
      continue;
    }
    if (Object.keys(headers).some((n) => n.toLowerCase() === name.toLowerCase())) problems.push(`The header "${name}" is listed twice; the later one is used.`);
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    headers[name] = value;
    if (SECRET_NAME.test(name)) secretLooking.push(name);
  }
  return { headers, problems, secretLooking };
}
