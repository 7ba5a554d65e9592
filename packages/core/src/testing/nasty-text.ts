import fc from 'fast-check';

/**
 * Text built to break naive escaping in templates: quotes, backslashes, line breaks, control
 * characters, HCL interpolation and directive markers, heredoc markers, and characters beyond the
 * Basic Multilingual Plane. For injection property tests of every bundle.
 */
export const nastyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text ${...} is the point
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
