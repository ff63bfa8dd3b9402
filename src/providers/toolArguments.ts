/**
 * A tool call's input for the final message (history), parsed once when the call is complete;
 * anything but a JSON object becomes `{}`. The tool loop reads the raw JSON from the streamed
 * block and tells the model what was wrong with it.
 */
export function parseToolArguments(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
