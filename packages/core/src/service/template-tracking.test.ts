import { describe, expect, it } from 'vitest';
import type { CloudProviderV1 } from '../provider/index.js';
import { type CustomCloudStore, createJsonFileStore, createMemoryStore } from '../store/index.js';
import { diffTemplates, type TemplateItem, templateManifestOf, whatChangesMarkdown } from '../templates/index.js';
import { createFakeProvider } from '../testing/fake-provider.js';
import { createByoc } from './create-byoc.js';

const input = {
  organizationId: 'org-a',
  displayName: 'Acme on AWS',
  provider: 'aws',
  region: 'aws-eu-north-1',
  reservedCidr: '10.0.0.0/16',
  contacts: [{ email: 'admin@acme.example', role: 'admin' }],
};
const read: TemplateItem = { kind: 'permission', key: 'vendor Allow s3:GetObject on *', description: 'The vendor may read objects.' };
const write: TemplateItem = { kind: 'permission', key: 'vendor Allow s3:PutObject on *', description: 'The vendor may write objects.' };
const role: TemplateItem = { kind: 'resource', key: 'role vendor', description: 'The vendor role.' };
const arn: TemplateItem = { kind: 'output', key: 'role_arn', description: 'The role ARN.' };

/** A fake provider whose template is whatever `items` holds when asked. */
function versioned(items: { current: TemplateItem[] }): CloudProviderV1 {
  return { ...createFakeProvider(), describeTemplate: () => templateManifestOf(items.current) };
}

describe('template manifests', () => {
  it('keeps the version under reordering, duplicates and rewording, and changes it with any grant, resource or output', () => {
    const version = templateManifestOf([read, role, arn]).version;
    expect(version).toMatch(/^tv1-[0-9a-f]{16}$/);
    expect(templateManifestOf([arn, read, role, read]).version).toBe(version);
    expect(templateManifestOf([{ ...read, description: 'Reworded.' }, role, arn]).version).toBe(version);
    for (const changed of [
      [read, role],
      [read, arn],
      [read, role, arn, write],
      [{ ...read, kind: 'resource' as const }, role, arn],
    ]) {
      expect(templateManifestOf(changed).version).not.toBe(version);
    }
  });

  it('lists removals, then additions, and says them in a README section', () => {
    const changes = diffTemplates(templateManifestOf([read, role]), templateManifestOf([write, role, arn]));
    expect(changes.map((change) => `${change.kind} ${change.key}`)).toEqual([
      'permission_removed vendor Allow s3:GetObject on *',
      'output_added role_arn',
      'permission_added vendor Allow s3:PutObject on *',
    ]);
    const section = whatChangesMarkdown(changes, { from: 'tv1-a', to: 'tv1-b' });
    expect(section).toContain('### Permissions added\n\n- The vendor may write objects.\n');
    expect(section).toContain('### Permissions removed\n\n- The vendor may read objects.\n');
    expect(section.indexOf('Permissions added')).toBeLessThan(section.indexOf('Permissions removed'));
  });
});

describe.each([
  ['memory', () => createMemoryStore()],
  ['JSON file', () => createJsonFileStore({ path: `${process.env.TMPDIR ?? '/tmp'}/byoc-templates-${process.pid}-${Math.random()}.json` })],
] as [string, () => CustomCloudStore][])('template versions on the %s store', (_name, openStore) => {
  it('records the version a cloud was verified with, keeps its manifest, and diffs it with a later template', async () => {
    const template = { current: [read, role, arn] };
    const store = openStore();
    const byoc = createByoc({ providers: [versioned(template)], store });
    const cloud = await byoc.create(input);
    expect((await byoc.templateStatus(cloud.id)).applied).toBeNull();
    await byoc.provision(cloud.id, 'fake:role');
    const verified = await byoc.get(cloud.id);
    const first = templateManifestOf(template.current).version;
    expect(verified.templateVersion).toBe(first);
    expect(await store.templates?.get(first)).toEqual(templateManifestOf(template.current));
    expect(await byoc.templateStatus(cloud.id)).toEqual({ applied: first, current: first, upToDate: true, changes: [] });

    template.current = [read, write, role];
    // A new service (a restart, another replica) finds the old manifest in the store.
    const later = createByoc({ providers: [versioned(template)], store });
    const status = await later.templateStatus(cloud.id);
    expect(status).toMatchObject({ applied: first, current: templateManifestOf(template.current).version, upToDate: false });
    expect(status.changes.map((change) => change.kind)).toEqual(['output_removed', 'permission_added']);
    const upgrade = await later.getTemplateUpgrade(cloud.id);
    expect(upgrade.changes).toEqual(status.changes);
    expect(upgrade.bundle.instructions).toContain('## What changes');
    expect(upgrade.bundle.instructions).toContain('- The vendor may write objects.');
  });
});

describe('template versions refused', () => {
  it('answers TEMPLATE_VERSION_UNSUPPORTED for a provider without versions, TEMPLATE_NOT_APPLIED before verification', async () => {
    const plain = createByoc({ providers: [createFakeProvider()], store: createMemoryStore() });
    const cloud = await plain.create(input);
    await expect(plain.templateStatus(cloud.id)).rejects.toMatchObject({ code: 'TEMPLATE_VERSION_UNSUPPORTED' });
    const byoc = createByoc({ providers: [versioned({ current: [read] })], store: createMemoryStore() });
    const draft = await byoc.create(input);
    await expect(byoc.getTemplateUpgrade(draft.id)).rejects.toMatchObject({ code: 'TEMPLATE_NOT_APPLIED' });
  });

  it('answers TEMPLATE_VERSION_UNKNOWN when the store lost the manifest of the version a cloud runs', async () => {
    const template = { current: [read] };
    const store = createMemoryStore();
    const byoc = createByoc({ providers: [versioned(template)], store });
    const cloud = await byoc.provision((await byoc.create(input)).id, 'fake:role');
    const withoutTemplates: CustomCloudStore = { get: store.get, list: store.list, insert: store.insert, update: store.update };
    template.current = [write];
    const later = createByoc({ providers: [versioned(template)], store: withoutTemplates });
    await expect(later.templateStatus(cloud.cloud.id)).rejects.toMatchObject({ code: 'TEMPLATE_VERSION_UNKNOWN' });
  });
});
