import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { expression, placeholderTemplate, renderHcl, renderOutputBlock, renderResourceBlock } from './hcl.js';

describe('placeholderTemplate', () => {
  it('interpolates the named placeholders and keeps every other character literal', async () => {
    const value = placeholderTemplate('Cloud {customCloudId} of {name} ${not.this} %{nor} {other} "q"', {
      customCloudId: 'var.custom_cloud_id',
      name: 'var.display_name',
    });
    const text = renderHcl(value);
    expect(text).toBe('"Cloud ${var.custom_cloud_id} of ${var.display_name} $${not.this} %%{nor} {other} \\"q\\""');
    const parsed = (await parse('x.tf', `locals {\n  value = ${text}\n}\n`)) as { locals: { value: string }[] };
    expect(parsed.locals[0]?.value).toBe('Cloud ${var.custom_cloud_id} of ${var.display_name} $${not.this} %%{nor} {other} "q"');
  });

  it('is a plain literal when the text names no placeholder', () => {
    expect(renderHcl(placeholderTemplate('Nodes', { shortId: 'local.short_id' }))).toBe('"Nodes"');
  });
});

describe('blocks', () => {
  it('writes a resource with its count first and its attributes aligned, as terraform fmt does', async () => {
    const block = renderResourceBlock(
      'aws_iam_user',
      'user',
      [
        ['name', 'svc'],
        ['force_destroy', true],
      ],
      { count: 'var.enabled ? 1 : 0' },
    );
    expect(block).toBe(
      'resource "aws_iam_user" "user" {\n  count = var.enabled ? 1 : 0\n\n  name          = "svc"\n  force_destroy = true\n}\n',
    );
    await parse('main.tf', block);
  });

  it('writes an output, sensitive only when asked', async () => {
    expect(renderOutputBlock('key', { description: 'The key.', value: 'aws_iam_access_key.user.secret', sensitive: true })).toBe(
      'output "key" {\n  description = "The key."\n  value       = aws_iam_access_key.user.secret\n  sensitive   = true\n}\n',
    );
    expect(renderOutputBlock('id', { description: 'Id.', value: expression('x').hcl })).not.toContain('sensitive');
  });
});
