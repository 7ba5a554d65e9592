/**
 * For tests: evaluates the HCL expressions byoc-kit writes (as `@cdktf/hcl2json` returns them, a
 * template string per attribute) the way Terraform would, given the value of each reference. It
 * knows the subset the renderers emit: objects, tuples, quoted templates with interpolations,
 * references (`var.x`, `local.y`, `aws_iam_role.node.arn`, `aws_s3_bucket.this[0].arn`), numbers,
 * booleans, `null`, and `jsonencode(...)`, which it returns as the value it encodes so documents
 * compare as data. Anything else throws, so a renderer change that outgrows it is noticed.
 */

/** The value of a reference, by its text (`local.partition`, `aws_iam_role.node.arn`). */
export type HclScope = (reference: string) => unknown;

/** Evaluates one attribute value as hcl2json gives it: a template (`"${jsonencode({...})}"`, `"${local.name}-x"`). */
export function evaluateHclTemplate(text: string, scope: HclScope): unknown {
  const parser = new Parser(text, scope);
  const parts = parser.templateBody(undefined);
  return parts.length === 1 && parts[0]?.kind === 'value' ? parts[0].value : parts.map(joinPart).join('');
}

type TemplatePart = { kind: 'text'; text: string } | { kind: 'value'; value: unknown };

function joinPart(part: TemplatePart): string {
  if (part.kind === 'text') return part.text;
  if (typeof part.value === 'string') return part.value;
  if (typeof part.value === 'number' || typeof part.value === 'boolean') return String(part.value);
  throw new Error(`cannot interpolate ${JSON.stringify(part.value)} into a string`);
}

function call(name: string, args: unknown[]): unknown {
  const [first, second, third] = args;
  switch (name) {
    case 'jsonencode':
      return first;
    case 'compact':
      return (first as unknown[]).filter((item) => item !== '' && item !== null);
    case 'split':
      return String(second).split(String(first));
    case 'element':
      return (first as unknown[])[Number(second) % (first as unknown[]).length];
    case 'substr':
      return String(first).slice(Number(second), Number(second) + Number(third));
    case 'replace': {
      const pattern = String(second);
      if (!pattern.startsWith('/') || !pattern.endsWith('/')) return String(first).replaceAll(pattern, String(third));
      // RE2's \x{HH} is JavaScript's \u{HH}.
      const source = pattern.slice(1, -1).replace(/\\x\{([0-9A-Fa-f]+)\}/g, '\\u{$1}');
      return String(first).replace(new RegExp(source, 'gu'), String(third));
    }
    default:
      throw new Error(`function ${name} is not supported`);
  }
}

class Parser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly scope: HclScope,
  ) {}

  /** Template text up to `end` (a closing quote) or the end of input. */
  templateBody(end: '"' | undefined): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let literal = '';
    const flush = () => {
      if (literal !== '') parts.push({ kind: 'text', text: literal });
      literal = '';
    };
    while (this.position < this.text.length) {
      const character = this.text[this.position] as string;
      if (end !== undefined && character === end) break;
      if (this.text.startsWith('$${', this.position) || this.text.startsWith('%%{', this.position)) {
        literal += `${character}{`;
        this.position += 3;
      } else if (this.text.startsWith('${', this.position)) {
        flush();
        this.position += 2;
        parts.push({ kind: 'value', value: this.expression() });
        this.expect('}');
      } else if (end !== undefined && character === '\\') {
        literal += this.escape();
      } else {
        literal += character;
        this.position += 1;
      }
    }
    flush();
    return parts;
  }

  private escape(): string {
    const next = this.text[this.position + 1];
    this.position += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u': {
        const code = this.text.slice(this.position, this.position + 4);
        this.position += 4;
        return String.fromCharCode(Number.parseInt(code, 16));
      }
      default:
        throw new Error(`unknown escape \\${next}`);
    }
  }

  expression(): unknown {
    const condition = this.comparison();
    this.space();
    if (this.text[this.position] !== '?') return condition;
    this.position += 1;
    const whenTrue = this.expression();
    this.space();
    this.expect(':');
    const whenFalse = this.expression();
    return condition ? whenTrue : whenFalse;
  }

  private comparison(): unknown {
    const left = this.primary();
    this.space();
    const operator = /^(==|!=)/.exec(this.text.slice(this.position))?.[0];
    if (!operator) return left;
    this.position += 2;
    const right = this.primary();
    return operator === '==' ? JSON.stringify(left) === JSON.stringify(right) : JSON.stringify(left) !== JSON.stringify(right);
  }

  private primary(): unknown {
    this.space();
    const character = this.text[this.position];
    if (character === '{') return this.object();
    if (character === '[') return this.tuple();
    if (character === '"') return this.quoted();
    const number = /^-?\d+(\.\d+)?/.exec(this.text.slice(this.position));
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    const name = this.identifier();
    if (name === 'true' || name === 'false') return name === 'true';
    if (name === 'null') return null;
    this.space();
    if (this.text[this.position] === '(') {
      this.position += 1;
      const args: unknown[] = [];
      for (;;) {
        this.space();
        if (this.text[this.position] === ')') break;
        args.push(this.expression());
        this.space();
        if (this.text[this.position] === ',') this.position += 1;
      }
      this.expect(')');
      return call(name, args);
    }
    let reference = name;
    for (;;) {
      if (this.text[this.position] === '.') {
        this.position += 1;
        reference += `.${this.identifier()}`;
      } else if (this.text[this.position] === '[') {
        const index = /^\[(\d+)\]/.exec(this.text.slice(this.position));
        if (!index) throw new Error(`unsupported index at ${this.text.slice(this.position, this.position + 20)}`);
        this.position += index[0].length;
        reference += index[0];
      } else break;
    }
    return this.scope(reference);
  }

  private quoted(): string | unknown {
    this.expect('"');
    const parts = this.templateBody('"');
    this.expect('"');
    return parts.length === 1 && parts[0]?.kind === 'value' && typeof parts[0].value !== 'string'
      ? parts[0].value
      : parts.map(joinPart).join('');
  }

  private object(): Record<string, unknown> {
    this.expect('{');
    const result: Record<string, unknown> = {};
    for (;;) {
      this.space(true);
      if (this.text[this.position] === '}') break;
      const key = this.text[this.position] === '"' ? String(this.quoted()) : this.identifier();
      this.space();
      this.expect('=');
      result[key] = this.expression();
      this.space();
      if (this.text[this.position] === ',') this.position += 1;
    }
    this.expect('}');
    return result;
  }

  private tuple(): unknown[] {
    this.expect('[');
    const items: unknown[] = [];
    for (;;) {
      this.space(true);
      if (this.text[this.position] === ']') break;
      items.push(this.expression());
      this.space(true);
      if (this.text[this.position] === ',') this.position += 1;
    }
    this.expect(']');
    return items;
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.position));
    if (!match) throw new Error(`expected a name at ${JSON.stringify(this.text.slice(this.position, this.position + 30))}`);
    this.position += match[0].length;
    return match[0];
  }

  private space(newlines = true): void {
    const pattern = newlines ? /^[\s]+/ : /^[ \t]+/;
    const match = pattern.exec(this.text.slice(this.position));
    if (match) this.position += match[0].length;
  }

  private expect(character: string): void {
    if (this.text[this.position] !== character) {
      throw new Error(`expected ${character} at ${JSON.stringify(this.text.slice(this.position, this.position + 30))}`);
    }
    this.position += 1;
  }
}
