/** How results are printed: JSON by default, a readable table with `--format table`. */
export type OutputFormat = 'json' | 'table';

/** Prints rows as JSON, or as an aligned table of the given columns. */
export function print(value: unknown, format: OutputFormat, columns?: readonly string[]): void {
  if (format === 'json' || columns === undefined) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const rows = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
  const cells = rows.map((row) => columns.map((column) => oneLine(row[column])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => (row[index] as string).length)));
  const line = (values: readonly string[]) =>
    values
      .map((text, index) => text.padEnd(widths[index] as number))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(columns.map((column) => column.toUpperCase())), ...cells.map(line)].join('\n')}\n`);
}

function oneLine(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\r\n\t]+/g, ' ');
}
