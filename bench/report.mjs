// Medians and the printed table.

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @param {Array<{ row: string, measure: string, value: number, unit: string, target: number, runs: number[], baseline?: string, informational?: boolean }>} rows
 *   `informational` rows show a figure beside a target (if any) without counting as met or missed
 */
export function formatTable(rows) {
  const header = ['row', 'measure', 'median', 'target', 'met', 'runs', 'naive baseline'];
  const lines = rows.map((r) => [
    r.row,
    r.measure,
    `${fmt(r.value)} ${r.unit}`.trim(),
    Number.isFinite(r.target) ? `≤ ${fmt(r.target)} ${r.unit}` : '',
    r.informational ? '' : met(r) ? 'yes' : 'NO',
    r.runs.map(fmt).join(' '),
    r.baseline ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

export function met(r) {
  return Number.isFinite(r.value) && r.value <= r.target;
}

export function fmt(value) {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
