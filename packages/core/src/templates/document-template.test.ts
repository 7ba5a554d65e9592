import { describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown-code.js';
import { compileDocument } from './document-template.js';

describe('compileDocument', () => {
  it('escapes <%= %> for Markdown, writes <%~ %> as it is, keeps whitespace and drops the newline after -%>', () => {
    const render = compileDocument<{ name: string; items: string[] }>(
      'test',
      '# <%= it.name %>\n\n<% for (const item of it.items) { -%>\n- <%~ item %>\n<% } -%>\nend\n',
    );
    expect(render({ name: '*bold* <b>', items: ['`a`', '**b**'] })).toBe('# \\*bold\\* \\<b\\>\n\n- `a`\n- **b**\nend\n');
  });

  it('refuses what is not a template, or is too long, with DOCUMENT_TEMPLATE_INVALID', () => {
    expect(thrownCode(() => compileDocument('test', 42))).toBe('DOCUMENT_TEMPLATE_INVALID');
    expect(thrownCode(() => compileDocument('test', 'x'.repeat(100_001)))).toBe('DOCUMENT_TEMPLATE_INVALID');
    expect(thrownCode(() => compileDocument('test', '<%= it.a'))).toBe('DOCUMENT_TEMPLATE_INVALID');
    const render = compileDocument<{ a?: { b: string } }>('test', '<%~ it.a.b %>');
    expect(thrownCode(() => render({}))).toBe('DOCUMENT_TEMPLATE_INVALID');
  });
});
