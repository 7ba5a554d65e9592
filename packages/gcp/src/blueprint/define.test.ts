import type { TemplateBundle } from '@byoc-kit/core';
import { makeCustomCloud, terraformAvailable, terraformWorkspace, thrownCode } from '@byoc-kit/core/testing';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { createGcpProvider } from '../provider.js';
import { defaultGcpBlueprint } from './default.js';
import { defineGcpBlueprint, type GcpBlueprintInput } from './define.js';

const vendorPrincipal = 'byoc-vendor@vendor-prod.iam.gserviceaccount.com';
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme',
  provider: 'gcp',
  region: 'europe-north1',
  reservedCidr: '10.0.0.0/16',
  objectStorage: { enabled: true },
});
const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';

/** A Kubernetes-shaped blueprint: a control account the vendor impersonates, and a node account it does not. */
const gke = (): GcpBlueprintInput => ({
  name: 'gke',
  network: true,
  bucket: 'required',
  apis: ['compute.googleapis.com', 'container.googleapis.com', 'iamcredentials.googleapis.com'],
  serviceAccounts: [
    {
      id: 'control',
      accountIdSuffix: 'ctl',
      displayName: 'Vendor control of {shortId}',
      description: 'The vendor runs clusters of custom cloud {customCloudId} ({displayName}) as this account.',
      summary: 'a control service account with {permissions} permissions, impersonated by `{vendorPrincipal}`;',
      projectRoles: [
        {
          id: 'control',
          custom: {
            roleId: 'control',
            title: 'Control of {shortId}',
            description: 'Clusters of {customCloudId}.',
            permissions: ['container.clusters.get', 'container.clusters.update', 'container.clusters.create'],
          },
        },
      ],
      impersonation: { id: 'control_token_creator' },
    },
    {
      id: 'nodes',
      accountIdSuffix: 'nodes',
      displayName: 'Nodes of {shortId}',
      description: 'The nodes of custom cloud {customCloudId}.',
      summary: 'a node service account that writes logs and metrics and reads the bucket.',
      comment: 'The service account of the nodes: logs, metrics, and the bucket.',
      projectRoles: [
        { id: 'nodes_logs', predefined: 'roles/logging.logWriter' },
        { id: 'nodes_metrics', predefined: 'roles/monitoring.metricWriter' },
      ],
      bucketRoles: [{ id: 'nodes_objects', role: 'roles/storage.objectViewer' }],
    },
  ],
  access: { serviceAccount: 'control' },
  outputs: [
    { name: 'control_service_account_id', value: { of: 'id', serviceAccount: 'control' }, description: 'Pass it to provision.' },
    { name: 'nodes_service_account_email', value: { of: 'email', serviceAccount: 'nodes' }, description: 'The node account.' },
  ],
});

type Loose = Record<string, unknown> & { serviceAccounts: Record<string, unknown>[] };
const changed = (change: (blueprint: Loose) => void): GcpBlueprintInput => {
  const blueprint = structuredClone(gke()) as unknown as Loose;
  change(blueprint);
  return blueprint as unknown as GcpBlueprintInput;
};

describe('defineGcpBlueprint', () => {
  it('accepts the default and a two-account blueprint', () => {
    expect(defaultGcpBlueprint.serviceAccounts).toHaveLength(1);
    expect(defineGcpBlueprint(gke()).serviceAccounts).toHaveLength(2);
  });

  it.each<[string, (blueprint: Loose) => void, string]>([
    [
      'owner on the project',
      (b) => Object.assign(b.serviceAccounts[1] as object, { projectRoles: [{ id: 'x', predefined: 'roles/owner' }] }),
      'BLUEPRINT_ROLE_TOO_BROAD',
    ],
    [
      'editor on the project',
      (b) => Object.assign(b.serviceAccounts[1] as object, { projectRoles: [{ id: 'x', predefined: 'roles/editor' }] }),
      'BLUEPRINT_ROLE_TOO_BROAD',
    ],
    [
      'Token Creator on the project',
      (b) =>
        Object.assign(b.serviceAccounts[1] as object, { projectRoles: [{ id: 'x', predefined: 'roles/iam.serviceAccountTokenCreator' }] }),
      'BLUEPRINT_ROLE_TOO_BROAD',
    ],
    [
      'an access account the vendor cannot impersonate',
      (b) => Object.assign(b, { access: { serviceAccount: 'nodes' } }),
      'BLUEPRINT_INVALID',
    ],
    ['bucket roles without a bucket', (b) => Object.assign(b, { bucket: 'none' }), 'BLUEPRINT_INVALID'],
    [
      'two grants with one id',
      (b) => Object.assign(b.serviceAccounts[1] as object, { bucketRoles: [{ id: 'control', role: 'roles/storage.objectViewer' }] }),
      'BLUEPRINT_INVALID',
    ],
    [
      'an output of a missing account',
      (b) => Object.assign(b, { outputs: [{ name: 'x', value: { of: 'id', serviceAccount: 'nobody' }, description: 'x' }] }),
      'BLUEPRINT_INVALID',
    ],
    [
      'a network output without a network',
      (b) => Object.assign(b, { network: false, outputs: [{ name: 'x', value: { of: 'networkId' }, description: 'x' }] }),
      'BLUEPRINT_INVALID',
    ],
    ['an unknown key', (b) => Object.assign(b, { extra: 1 }), 'INPUT_UNKNOWN_KEY'],
  ])('refuses %s', (_, change, code) => {
    const blueprint = changed(change);
    expect(thrownCode(() => defineGcpBlueprint(blueprint))).toBe(code);
    expect(thrownCode(() => createGcpProvider({ vendorPrincipal, blueprint }))).toBe(code);
  });

  it('refuses account ids the prefix makes longer than 30 characters', () => {
    expect(thrownCode(() => createGcpProvider({ vendorPrincipal, blueprint: gke(), resourcePrefix: 'a-long-vendor-prefix' }))).toBe(
      'BLUEPRINT_INVALID',
    );
  });
});

describe('a GCP blueprint rendered', () => {
  const gcp = createGcpProvider({ vendorPrincipal, blueprint: gke() });

  it('creates each account with its roles and grants, and Token Creator and the binding on the impersonated one only', async () => {
    const bundle = await gcp.generateTemplate(cloud);
    type Parsed = { resource: Record<string, Record<string, Record<string, unknown>[]>> };
    const main = (await parse('main.tf', file(bundle, 'main.tf'))) as Parsed;
    await parse('outputs.tf', file(bundle, 'outputs.tf'));
    expect(Object.keys(main.resource.google_service_account ?? {})).toEqual(['control', 'nodes']);
    expect(main.resource.google_service_account?.nodes?.[0]?.account_id).toBe('${local.name}-nodes');
    expect(main.resource.google_project_iam_custom_role?.control?.[0]?.permissions).toEqual([
      'container.clusters.create',
      'container.clusters.get',
      'container.clusters.update',
    ]);
    expect(main.resource.google_project_iam_member?.nodes_logs?.[0]).toMatchObject({
      role: 'roles/logging.logWriter',
      member: 'serviceAccount:${google_service_account.nodes.email}',
    });
    expect(Object.keys(main.resource.google_service_account_iam_member ?? {})).toEqual(['control_reads_itself', 'control_token_creator']);
    expect(main.resource.google_service_account_iam_member?.control_token_creator?.[0]?.service_account_id).toBe(
      '${google_service_account.control.name}',
    );
    // The account the vendor impersonates reads itself, on itself only, and carries the cloud's binding; the other does neither.
    expect(main.resource.google_service_account_iam_member?.control_reads_itself?.[0]).toEqual({
      service_account_id: '${google_service_account.control.name}',
      role: 'roles/iam.serviceAccountViewer',
      member: 'serviceAccount:${google_service_account.control.email}',
    });
    expect(main.resource.google_service_account?.control?.[0]?.description).toMatch(/^\$\{substr\("byoc-binding:\$\{var\.external_id\} /);
    expect(main.resource.google_service_account?.nodes?.[0]?.description).not.toContain('byoc-binding');
    expect(main.resource.google_project_service?.required?.[0]?.for_each).toContain('container.googleapis.com');
    expect(bundle.outputs.map((output) => output.name)).toEqual(['control_service_account_id', 'nodes_service_account_email']);
    expect(bundle.instructions).toContain('the Compute, Kubernetes Engine and IAM Credentials APIs, enabled;');
    expect(bundle.instructions).toContain('terraform output -raw control_service_account_id');
  });

  it('refuses a cloud with object storage off: OBJECT_STORAGE_REQUIRED, nothing rendered', async () => {
    await expect(gcp.generateTemplate({ ...cloud, objectStorage: { enabled: false } })).rejects.toMatchObject({
      code: 'OBJECT_STORAGE_REQUIRED',
    });
  });

  it.skipIf(!terraformAvailable())('passes terraform fmt -check', { timeout: 60_000 }, async () => {
    const workspace = await terraformWorkspace(await gcp.generateTemplate(cloud));
    await workspace.terraform('fmt', '-check', '-diff', '-no-color');
  });
});
