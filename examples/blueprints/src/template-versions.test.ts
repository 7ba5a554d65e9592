import { type AwsBlueprint, type AwsProviderSettings, createAwsProvider, defaultAwsBlueprint, defineAwsBlueprint } from '@byoc-kit/aws';
import { awsOfflineProviderOverride } from '@byoc-kit/aws/testing';
import { type CloudProviderV1, type CustomCloud, createByoc, createMemoryStore, type TemplateBundle } from '@byoc-kit/core';
import { makeCustomCloud, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aivenBlueprint } from './aiven.js';
import { redisCloudAccount, redisCloudBlueprint } from './redis-cloud.js';
import { sampleCloudInput, sampleOidcProviderArn, sampleVendorPrincipalArn } from './sample.js';
import { zillizBlueprint } from './zilliz.js';

const templateUrl = 'https://templates.example.com/byoc/template.yaml';
const blueprints: { name: string; blueprint: AwsBlueprint; settings: Omit<AwsProviderSettings, 'blueprint'> }[] = [
  { name: 'default', blueprint: defaultAwsBlueprint, settings: { vendorPrincipalArn: sampleVendorPrincipalArn } },
  { name: 'Aiven', blueprint: aivenBlueprint, settings: { vendorPrincipalArn: sampleVendorPrincipalArn } },
  {
    name: 'Zilliz',
    blueprint: zillizBlueprint,
    settings: {
      vendorPrincipalArn: sampleVendorPrincipalArn,
      resourcePrefix: 'zilliz-byoc',
      blueprintParameters: () => ({ eks_oidc_provider_arn: sampleOidcProviderArn }),
    },
  },
  {
    name: 'Redis Cloud',
    blueprint: redisCloudBlueprint,
    settings: { vendorPrincipalArn: `arn:aws:iam::${redisCloudAccount}:root`, resourcePrefix: 'redislabs' },
  },
];

/** The blueprint with one more inline policy on its first identity, holding these read-only actions. */
function withExtraPolicy(blueprint: AwsBlueprint, actions: string[]): AwsBlueprint {
  const [first, ...rest] = blueprint.identities;
  if (first === undefined) throw new Error(`${blueprint.name} has no identity`);
  const policy = {
    id: 'upgrade_probe',
    name: 'upgrade-probe',
    attachment: 'inline',
    statements: [{ Sid: 'UpgradeProbe', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
  return defineAwsBlueprint({
    ...(structuredClone(blueprint) as object),
    identities: [{ ...structuredClone(first), policies: [...first.policies, policy] }, ...structuredClone(rest)],
  } as Parameters<typeof defineAwsBlueprint>[0]);
}

async function planned(bundle: TemplateBundle) {
  for (const tf of bundle.files.filter((file) => file.path.endsWith('.tf'))) await parseHcl(tf.path, tf.contents);
  if (!terraformAvailable()) return undefined;
  const workspace = await terraformWorkspace(bundle, { override: awsOfflineProviderOverride });
  return workspace.plan();
}

describe.each(blueprints)('template upgrade of the $name blueprint', ({ name, blueprint, settings }) => {
  const before = createAwsProvider({
    ...settings,
    cloudFormationTemplateUrl: templateUrl,
    blueprint: withExtraPolicy(blueprint, ['ec2:DescribeTrafficMirrorTargets', 'ec2:DescribeIpamPools']),
  });
  const after = createAwsProvider({
    ...settings,
    cloudFormationTemplateUrl: templateUrl,
    blueprint: withExtraPolicy(blueprint, ['ec2:DescribeTrafficMirrorTargets', 'ec2:DescribeIpamScopes']),
  });

  const versionTagKey = `${settings.resourcePrefix ?? 'cce'}-template-version`;

  /** A cloud verified with `before`'s template, served by a service that now renders `after`'s. */
  async function upgradedService() {
    const manifest = (before.describeTemplate as NonNullable<CloudProviderV1['describeTemplate']>)();
    const cloud: CustomCloud = { ...makeCustomCloud(sampleCloudInput), state: 'active', templateVersion: manifest.version };
    const store = createMemoryStore([cloud]);
    await store.templates?.put(manifest);
    return { byoc: createByoc({ providers: [after], store }), cloud, from: manifest.version };
  }

  it('changes version with one permission removed and one added, and names exactly those two', async () => {
    const { byoc, cloud, from } = await upgradedService();
    const status = await byoc.templateStatus(cloud.id);
    expect(status.applied).toBe(from);
    expect(status.current).not.toBe(from);
    expect(status.upToDate).toBe(false);
    expect(status.changes.map((change) => change.kind)).toEqual(['permission_removed', 'permission_added']);
    expect(status.changes[0]?.key).toMatch(/ Allow ec2:DescribeIpamPools on \*$/);
    expect(status.changes[1]?.key).toMatch(/ Allow ec2:DescribeIpamScopes on \*$/);
    expect(status.changes[1]?.description).toMatch(/may call `ec2:DescribeIpamScopes` on `\*`\.$/);
  });

  it('gives a Terraform bundle that plans, stamped with the new version, its README opening with what changes', {
    timeout: 120_000,
  }, async () => {
    const { byoc, cloud } = await upgradedService();
    const upgrade = await byoc.getTemplateUpgrade(cloud.id, { format: 'terraform' });
    expect(upgrade.bundle.templateVersion).toBe(upgrade.to);
    const readme = upgrade.bundle.files.find((file) => file.path === 'README.md')?.contents ?? '';
    expect(readme.indexOf('## What changes')).toBeLessThan(readme.indexOf('## Steps'));
    expect(readme).toContain('### Permissions removed');
    expect(readme).toContain('`ec2:DescribeIpamScopes`');
    expect(upgrade.bundle.instructions).toBe(readme);
    // Both versions plan for the default blueprint; the upgraded one for every blueprint (terraform's time adds up).
    const plans = await Promise.all([
      name === 'default' ? planned(await before.generateTemplate(cloud, { format: 'terraform' })) : undefined,
      planned(upgrade.bundle),
    ]);
    if (plans[1] !== undefined) {
      const outputs = (plans[1].planned_values as unknown as { outputs: Record<string, { value?: unknown }> }).outputs;
      expect(outputs.template_version?.value).toBe(upgrade.to);
      // The identity the vendor uses carries the version as a tag.
      const tagged = plans[1].planned_values.root_module.resources.filter(
        (resource) => (resource.values.tags as Record<string, string> | undefined)?.[versionTagKey] === upgrade.to,
      );
      expect(tagged.map((resource) => resource.type)).toEqual([
        blueprint.identities.some((identity) => identity.id === blueprint.access.identity && identity.kind === 'user')
          ? 'aws_iam_user'
          : 'aws_iam_role',
      ]);
    }
  });

  it('gives the CloudFormation update-stack link with the template URL and the stack name', async () => {
    const { byoc, cloud } = await upgradedService();
    const upgrade = await byoc.getTemplateUpgrade(cloud.id, { format: 'cloudformation' });
    const link = new URL(upgrade.updateLink ?? '');
    const query = new URLSearchParams(link.hash.split('?')[1]);
    expect(link.hash.startsWith('#/stacks/update/template?')).toBe(true);
    expect(query.get('templateURL')).toBe(templateUrl);
    expect(query.get('stackId')).toBe(`${settings.resourcePrefix ?? 'cce'}-${cloud.id.slice(0, 8)}`);
    const template = parse(upgrade.bundle.files.find((file) => file.path === 'template.yaml')?.contents ?? '') as {
      Resources: Record<string, { Properties?: { Tags?: { Key: string; Value: unknown }[] } }>;
      Outputs: Record<string, { Value: unknown }>;
    };
    expect(template.Outputs.TemplateVersion?.Value).toBe(upgrade.to);
    const tagged = Object.entries(template.Resources).filter(([, resource]) =>
      resource.Properties?.Tags?.some((tag) => tag.Key === versionTagKey && tag.Value === upgrade.to),
    );
    expect(tagged).toHaveLength(1);
  });
});
