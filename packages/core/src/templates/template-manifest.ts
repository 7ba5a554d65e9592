import { createHash } from 'node:crypto';

/**
 * One thing a template grants or creates, free of any template format: a permission (an action an
 * identity may take on a resource, or who may assume it), a resource, or an output. `key` states it
 * completely and canonically; two templates that grant and create the same things have the same
 * keys, however they are written. `description` says it in words a security reviewer reads.
 */
export interface TemplateItem {
  readonly kind: 'permission' | 'resource' | 'output';
  readonly key: string;
  readonly description: string;
}

/** What a template grants and creates, and its version: the digest of the items' keys. */
export interface TemplateManifest {
  /** `tv1-` and 16 hex digits of the SHA-256 of the sorted keys. */
  readonly version: string;
  readonly items: readonly TemplateItem[];
}

/** One difference between the template a cloud runs and the current one. */
export interface TemplateChange {
  readonly kind: 'permission_added' | 'permission_removed' | 'resource_added' | 'resource_removed' | 'output_added' | 'output_removed';
  readonly key: string;
  readonly description: string;
}

/** The description of a bundle's template-version output, the same in every adapter and format. */
export const templateVersionDescription =
  'The version of this template: a digest of what it grants and creates. The vendor compares it with its current template to offer upgrades.';

/** The version of a set of items: stable under order and wording, changed by any grant, resource or output. */
export function templateVersionOf(items: readonly TemplateItem[]): string {
  const keys = [...new Set(items.map((item) => `${item.kind}\u0000${item.key}`))].sort();
  return `tv1-${createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16)}`;
}

/** A manifest of the items, each key once, in key order, with its version. */
export function templateManifestOf(items: readonly TemplateItem[]): TemplateManifest {
  const unique = new Map<string, TemplateItem>();
  for (const item of items) unique.set(`${item.kind}\u0000${item.key}`, item);
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
  return { version: templateVersionOf(sorted), items: sorted };
}

/** What going from `from` to `to` adds and removes: removals first, then additions, each in key order. */
export function diffTemplates(from: TemplateManifest, to: TemplateManifest): TemplateChange[] {
  const id = (item: TemplateItem) => `${item.kind}\u0000${item.key}`;
  const before = new Set(from.items.map(id));
  const after = new Set(to.items.map(id));
  const removed = from.items
    .filter((item) => !after.has(id(item)))
    .map((item) => ({ kind: `${item.kind}_removed` as TemplateChange['kind'], key: item.key, description: item.description }));
  const added = to.items
    .filter((item) => !before.has(id(item)))
    .map((item) => ({ kind: `${item.kind}_added` as TemplateChange['kind'], key: item.key, description: item.description }));
  return [...removed, ...added];
}

const headings: Record<TemplateChange['kind'], string> = {
  permission_added: 'Permissions added',
  permission_removed: 'Permissions removed',
  resource_added: 'Resources added',
  resource_removed: 'Resources removed',
  output_added: 'Outputs added',
  output_removed: 'Outputs removed',
};

/** The "What changes" section of an upgrade's README, in Markdown. */
export function whatChangesMarkdown(changes: readonly TemplateChange[], versions: { from: string; to: string }): string {
  const lines = ['## What changes', '', `This upgrade moves the template from version \`${versions.from}\` to \`${versions.to}\`.`, ''];
  if (changes.length === 0) return [...lines, 'Nothing it grants or creates changes.', ''].join('\n');
  for (const kind of Object.keys(headings) as TemplateChange['kind'][]) {
    const ofKind = changes.filter((change) => change.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`### ${headings[kind]}`, '', ...ofKind.map((change) => `- ${change.description}`), '');
  }
  return lines.join('\n');
}
