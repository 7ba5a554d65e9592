import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';

/** Parses HCL into Terraform's JSON syntax (throws on a syntax error). */
export async function parseHcl(name: string, contents: string): Promise<Record<string, unknown>> {
  return (await parse(name, contents)) as Record<string, unknown>;
}

/** Text built to break naive escaping: quotes, backslashes, line breaks, control characters, template and heredoc markers. */
export const nastyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(
        '${var.x}',
        '${',
        '%{ if true }',
        '%{',
        '$${',
        '%%{',
        '$$',
        '"',
        '\\',
        '\n',
        '\r\n',
        '\t',
        '<<EOF\nx\nEOF',
        '<<-EOT',
        '\u0000',
        '\u007f',
        '\u2028',
        'é',
        '😀',
      ),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));
