import { type CustomCloud, createByoc, createMemoryStore } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { createGcpProvider } from '../provider.js';

const vendorPrincipal = 'byoc-vendor@vendor-prod.iam.gserviceaccount.com';
const permissions = ['compute.instances.create', 'compute.instances.get', 'resourcemanager.projects.get'];
const cloudInput = {
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'gcp',
  region: 'europe-north1',
  reservedCidr: '10.20.0.0/20',
} as const;

describe('GCP template versions', () => {
  it('stamps the version in outputs.tf and the bundle, unchanged by the order of the permissions', async () => {
    const gcp = createGcpProvider({ vendorPrincipal, permissions });
    const version = gcp.describeTemplate?.().version;
    expect(version).toMatch(/^tv1-[0-9a-f]{16}$/);
    expect(createGcpProvider({ vendorPrincipal, permissions: [...permissions].reverse() }).describeTemplate?.().version).toBe(version);
    const bundle = await gcp.generateTemplate(makeCustomCloud(cloudInput), { format: 'terraform' });
    expect(bundle.templateVersion).toBe(version);
    const outputs = (await parseHcl('outputs.tf', bundle.files.find((file) => file.path === 'outputs.tf')?.contents ?? '')) as {
      output: Record<string, [{ value: string }]>;
    };
    expect(outputs.output.template_version?.[0].value).toBe(version);
  });

  it('names the permission removed and the one added when the vendor changes its list', async () => {
    const before = createGcpProvider({ vendorPrincipal, permissions });
    const after = createGcpProvider({
      vendorPrincipal,
      permissions: ['compute.instances.create', 'compute.disks.get', 'resourcemanager.projects.get'],
    });
    const manifest = before.describeTemplate?.();
    if (!manifest) throw new Error('the GCP provider describes its template');
    const cloud: CustomCloud = { ...makeCustomCloud(cloudInput), state: 'active', templateVersion: manifest.version };
    const store = createMemoryStore([cloud]);
    await store.templates?.put(manifest);
    const status = await createByoc({ providers: [after], store }).templateStatus(cloud.id);
    expect(status.changes.map((change) => [change.kind, change.key])).toEqual([
      ['permission_removed', 'this project compute.instances.get'],
      ['permission_added', 'this project compute.disks.get'],
    ]);
    expect(status.changes[1]?.description).toBe('The service account `cce-...` may use `compute.disks.get` on the project.');
  });
});
