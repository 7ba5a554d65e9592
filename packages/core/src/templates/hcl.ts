/**
 * Writing HCL. Every literal string goes through `hclString`, the one escaping function: it makes
 * `"`, `\`, line breaks, control characters, `${` and `%{` inert, so no value becomes syntax.
 * Interpolations byoc-kit means are written as `HclExpression`s, never as text inside a literal.
 */

/** An HCL expression written as is: `var.region`, `aws_vpc.this.arn`. */
export interface HclExpression {
  readonly hcl: string;
}

/** A value the writer renders: literals, expressions, templates, lists and objects of them. */
export type HclValue =
  | string
  | number
  | boolean
  | null
  | HclExpression
  | HclTemplate
  | readonly HclValue[]
  | { readonly [key: string]: HclValue };

/** A quoted string mixing literal text and interpolated expressions. */
export interface HclTemplate {
  readonly parts: readonly (string | HclExpression)[];
}

/** `expression('var.region')`. */
export function expression(hcl: string): HclExpression {
  return { hcl };
}

/** A quoted HCL template from literal text and expressions: `template('arn:', expression('local.partition'))`. */
export function template(...parts: (string | HclExpression)[]): HclTemplate {
  return { parts };
}

/** An HCL string literal holding exactly `text`. */
export function hclString(text: string): string {
  return `"${escapeLiteral(text)}"`;
}

function escapeLiteral(text: string): string {
  let result = '';
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (character === '\\') result += '\\\\';
    else if (character === '"') result += '\\"';
    else if (character === '\n') result += '\\n';
    else if (character === '\r') result += '\\r';
    else if (character === '\t') result += '\\t';
    else if (code < 0x20 || code === 0x7f) result += `\\u${code.toString(16).padStart(4, '0')}`;
    else result += character;
  }
  // `${` and `%{` open interpolations and directives; HCL reads `$${` and `%%{` as the literal text.
  // (A function, not a replacement string: in one, "$$" would mean a single "$".)
  return result.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function isExpression(value: HclValue): value is HclExpression {
  return typeof value === 'object' && value !== null && 'hcl' in value;
}

function isTemplate(value: HclValue): value is HclTemplate {
  return typeof value === 'object' && value !== null && 'parts' in value;
}

/** Renders a value at an indentation level, laid out as `terraform fmt` lays it out. */
export function renderHcl(value: HclValue, indent = 0): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isExpression(value)) return value.hcl;
  if (isTemplate(value) && value.parts.length === 1 && typeof value.parts[0] !== 'string') return (value.parts[0] as HclExpression).hcl;
  if (isTemplate(value))
    return `"${value.parts.map((part) => (typeof part === 'string' ? escapeLiteral(part) : `\${${part.hcl}}`)).join('')}"`;
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) {
    const items = value as readonly HclValue[];
    if (items.length === 0) return '[]';
    if (items.every((item) => typeof item === 'string' || isTemplate(item) || isExpression(item))) {
      const inline = `[${items.map((item) => renderHcl(item)).join(', ')}]`;
      if (inline.length + indent * 2 <= 100) return inline;
    }
    return `[\n${items.map((item) => `${pad}${renderHcl(item, indent + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: HclValue });
  if (entries.length === 0) return '{}';
  return `{\n${renderAttributes(
    entries.map(([key, inner]) => [hclString(key), inner]),
    indent + 1,
  )}\n${close}}`;
}

/**
 * Renders `key = value` lines at an indentation level; runs of single-line attributes get their
 * `=` aligned, as `terraform fmt` does. Keys are written as given (identifiers or quoted strings).
 */
export function renderAttributes(entries: readonly (readonly [string, HclValue])[], indent: number): string {
  const pad = '  '.repeat(indent);
  const rendered = entries.map(([key, value]) => ({ key, text: renderHcl(value, indent) }));
  const lines: string[] = [];
  let run: typeof rendered = [];
  const flush = () => {
    const width = Math.max(...run.map((entry) => entry.key.length));
    for (const entry of run) lines.push(`${pad}${entry.key.padEnd(width)} = ${entry.text}`);
    run = [];
  };
  for (const entry of rendered) {
    if (entry.text.includes('\n')) {
      if (run.length > 0) flush();
      lines.push(`${pad}${entry.key} = ${entry.text}`);
    } else run.push(entry);
  }
  if (run.length > 0) flush();
  return lines.join('\n');
}

/**
 * `resource "<type>" "<label>" { ... }` with its attributes aligned; `count`, when given, comes
 * first and alone, as `terraform fmt` leaves it.
 */
export function renderResourceBlock(
  type: string,
  label: string,
  entries: readonly (readonly [string, HclValue])[],
  options: { count?: string } = {},
): string {
  const count = options.count === undefined ? '' : `  count = ${options.count}\n\n`;
  return `resource "${type}" "${label}" {\n${count}${renderAttributes(entries, 1)}\n}\n`;
}

/** `output "<name>" { description, value, sensitive }`; `value` is an HCL expression. */
export function renderOutputBlock(name: string, output: { description: string; value: string; sensitive?: boolean }): string {
  const entries: [string, HclValue][] = [
    ['description', output.description],
    ['value', expression(output.value)],
  ];
  if (output.sensitive) entries.push(['sensitive', true]);
  return `output "${name}" {\n${renderAttributes(entries, 1)}\n}\n`;
}

/**
 * A quoted template of text whose `{placeholder}`s become interpolations of the expressions given:
 * `placeholderTemplate('Nodes of {shortId}', { shortId: 'local.short_id' })`. The rest of the text
 * is literal, escaped like any literal.
 */
export function placeholderTemplate(text: string, expressions: Readonly<Record<string, string>>): HclValue {
  const names = Object.keys(expressions).map((name) => name.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  if (names.length === 0) return text;
  const parts = text
    .split(new RegExp(`(\\{(?:${names.join('|')})\\})`))
    .filter((part) => part !== '')
    .map((part) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      return name !== undefined && name in expressions ? expression(expressions[name] as string) : part;
    });
  return template(...parts);
}
