import { awsOfflineProviderOverride } from '@byoc-kit/aws/testing';
import { readPlan, terraformAvailable, terraformWorkspace } from '@byoc-kit/core/testing';
import { parse } from '@cdktf/hcl2json';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './test-backend.js';

/**
 * What a customer does with avn's downloads: `get-template > main.tf`, `get-vars > terraform.tfvars`
 * (avn prints each with a trailing newline), then Terraform on the two files alone.
 */
const base = '/v1/organization/org-templates/custom-cloud-environments';

let backend: TestBackend;
afterEach(async () => backend.close());

async function downloads(provider: string, region: string): Promise<{ id: string; files: { path: string; contents: string }[] }> {
  backend = await startTestBackend();
  const authorization = `aivenv1 ${await backend.tokenFor('org-templates')}`;
  const created = await backend.app.request(base, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({
      deployment_model: 'standard',
      cloud_provider: provider,
      cloud_region: region,
      reserved_cidr: '10.30.0.0/16',
      display_name: 'Downloaded by avn',
      tags: { 'byoc_resource_tag:env': 'prod' },
    }),
  });
  const id = ((await created.json()) as { custom_cloud_environment: { custom_cloud_environment_id: string } }).custom_cloud_environment
    .custom_cloud_environment_id;
  const read = async (what: string) =>
    (await (await backend.app.request(`${base}/${id}/infra-templates/terraform/${what}`, { headers: { authorization } })).json()) as Record<
      string,
      string
    >;
  return {
    id,
    files: [
      { path: 'main.tf', contents: `${(await read('template')).template}\n` },
      { path: 'terraform.tfvars', contents: `${(await read('variables')).variables}\n` },
    ],
  };
}

describe('the Terraform files avn downloads', () => {
  it.each([
    ['aws', 'eu-north-1'],
    ['google', 'europe-west1'],
  ])('parse as HCL (%s)', async (provider, region) => {
    const { id, files } = await downloads(provider, region);
    const values = (await parse('terraform.tfvars', files[1]?.contents ?? '')) as Record<string, unknown>;
    expect(values).toMatchObject({ custom_cloud_id: id, reserved_cidr: '10.30.0.0/16', tags: { env: 'prod' } });
    const main = (await parse('main.tf', files[0]?.contents ?? '')) as {
      variable: Record<string, unknown>;
      resource: Record<string, unknown>;
    };
    expect(Object.keys(main.variable)).toEqual(expect.arrayContaining(['custom_cloud_id', 'reserved_cidr']));
    expect(Object.keys(main.resource).length).toBeGreaterThan(0);
  });

  it.skipIf(!terraformAvailable()).each([
    ['aws', 'eu-north-1'],
    ['google', 'europe-west1'],
  ])('are formatted as terraform fmt writes them (%s)', async (provider, region) => {
    const { files } = await downloads(provider, region);
    const workspace = await terraformWorkspace({ format: 'terraform', files, outputs: [], instructions: '' });
    await workspace.terraform('fmt', '-check', '-diff', '-no-color');
  });

  it.skipIf(!terraformAvailable())('plan under terraform with the downloaded values (aws)', async () => {
    const { id, files } = await downloads('aws', 'eu-north-1');
    const workspace = await terraformWorkspace(
      { format: 'terraform', files, outputs: [], instructions: '' },
      { override: awsOfflineProviderOverride },
    );
    await workspace.terraform('init', '-backend=false', '-input=false', '-no-color');
    await workspace.terraform('validate', '-no-color');
    await workspace.terraform('plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out');
    const plan = readPlan((await workspace.terraform('show', '-json', 'plan.out')).stdout);
    const role = plan.planned_values.root_module.resources.find((resource) => resource.type === 'aws_iam_role');
    expect(role?.values.tags_all).toMatchObject({ env: 'prod' });
    expect(JSON.stringify(plan)).toContain(id);
  });
});
