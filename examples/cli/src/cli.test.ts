import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StsStandIn, startStsStandIn } from '@byoc-kit/aws/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'dist', 'byoc.js');
const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';

/**
 * STS on loopback, playing the customer's account: the role trusts the external ID of the cloud
 * that provisions it (each test says so), any other role is denied.
 */
let sts: StsStandIn;
beforeAll(async () => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build\` first (the test command does).`);
  sts = await startStsStandIn({ unknownRoles: 'deny' });
});
afterAll(() => sts.close());

/** A fresh folder with a configuration, as a vendor's operator would have. */
async function workspace() {
  const folder = await mkdtemp(join(tmpdir(), 'byoc-cli-'));
  await writeFile(
    join(folder, 'byoc.config.json'),
    JSON.stringify({
      store: 'state/clouds.json',
      aws: {
        vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
        stsRegion: 'eu-north-1',
        retry: { initialDelayMs: 10, maxDelayMs: 20, deadlineMs: 1_500 },
      },
      gcp: { vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com' },
      azure: { outbox: 'outbox' },
    }),
  );
  const byoc = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        {
          cwd: folder,
          env: {
            ...process.env,
            AWS_ENDPOINT_URL_STS: sts.url,
            AWS_ENDPOINT_URL_IAM: sts.url,
            AWS_ACCESS_KEY_ID: 'AKIAVENDOR',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const create = async (...extra: string[]) => {
    const result = await byoc(
      'create',
      '--organization-id',
      'org1',
      '--cloud-provider',
      'aws',
      '--cloud-region',
      'aws-eu-north-1',
      '--reserved-cidr',
      '10.0.0.0/16',
      '--display-name',
      'CLI cloud',
      '--contact',
      'admin@acme.example,admin',
      ...extra,
    );
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as { id: string; version: number; state: string; externalId: string };
  };
  return { folder, byoc, create };
}

describe('byoc CLI', () => {
  it('prints help for itself and for every command', { timeout: 120_000 }, async () => {
    const { byoc } = await workspace();
    const overview = await byoc('--help');
    expect(overview.code).toBe(0);
    const commands = overview.stdout
      .split('\n')
      .filter((line) => /^ {2}[a-z]/.test(line))
      .map((line) => line.trim().split(/\s{2,}/)[0] as string);
    expect(commands).toEqual(
      expect.arrayContaining([
        'create',
        'list',
        'get',
        'update',
        'template terraform get-template',
        'template terraform get-vars',
        'provision',
        'permissions add',
        'permissions remove',
        'permissions set',
        'contacts set',
        'delete',
        'cidr check',
        'cidr suggest',
        'template status',
        'template upgrade',
        'external-id rotate',
      ]),
    );
    for (const command of commands) {
      const result = await byoc(...command.split(' '), '--help');
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain(`Usage: byoc ${command}`);
    }
  });

  it('creates, lists and gets custom clouds, as JSON or as a table', async () => {
    const { byoc, create } = await workspace();
    const cloud = await create('--tag', 'env=prod', '--object-storage');
    expect(cloud).toMatchObject({ state: 'draft', version: 1 });
    const listed = await byoc('list', '--format', 'table');
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID +PROVIDER +REGION +STATE/);
    expect(listed.stdout).toContain(`${cloud.id}  aws       eu-north-1  draft  10.0.0.0/16`);
    expect(JSON.parse((await byoc('get', '--byoc-id', cloud.id)).stdout)).toMatchObject({
      id: cloud.id,
      tags: { env: 'prod' },
      objectStorage: { enabled: true },
    });
  });

  it('exits 1 with the code on bad input, and stores nothing', async () => {
    const { byoc, create } = await workspace();
    const cases: [string[], string][] = [
      [
        [
          'create',
          '--organization-id',
          'org1',
          '--cloud-provider',
          'aws',
          '--cloud-region',
          'eu-north-1',
          '--reserved-cidr',
          '8.8.8.0/24',
          '--display-name',
          'x',
        ],
        'CIDR_NOT_PRIVATE',
      ],
      [
        [
          'create',
          '--organization-id',
          'org1',
          '--cloud-provider',
          'aws',
          '--cloud-region',
          'europe-north1',
          '--reserved-cidr',
          '10.0.0.0/16',
          '--display-name',
          'x',
        ],
        'REGION_INVALID',
      ],
      [['create', '--bogus'], 'CLI_USAGE'],
      [['create', '--tag', 'novalue'], 'CLI_USAGE'],
      [['launch'], 'CLI_USAGE'],
      [['list', '--format', 'yaml'], 'CLI_USAGE'],
      [['get', '--byoc-id', '00000000-0000-4000-8000-000000000000'], 'CUSTOM_CLOUD_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const result = await byoc(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(`error: ${code}:`);
    }
    expect(JSON.parse((await byoc('list')).stdout)).toEqual([]);
    const cloud = await create();
    const immutable = await byoc('update', '--byoc-id', cloud.id, '--expected-version', '9', '--display-name', 'y');
    expect(immutable.stderr).toContain('error: VERSION_CONFLICT:');
  });

  it('prints the template and its variables, in every format, or writes the bundle', async () => {
    const { byoc, create, folder } = await workspace();
    const cloud = await create();
    expect((await byoc('template', 'terraform', 'get-template', '--byoc-id', cloud.id)).stdout).toContain(
      'resource "aws_iam_role" "vendor"',
    );
    expect(JSON.parse((await byoc('template', 'terraform', 'get-vars', '--byoc-id', cloud.id)).stdout)).toMatchObject({
      custom_cloud_id: cloud.id,
    });
    expect((await byoc('template', 'terraform', 'get-template', '--byoc-id', cloud.id, '--format', 'cloudformation')).stdout).toContain(
      'AWSTemplateFormatVersion',
    );
    const written = await byoc('template', 'terraform', 'get-template', '--byoc-id', cloud.id, '--out', 'bundle');
    expect(written.code).toBe(0);
    expect(readFileSync(join(folder, 'bundle', 'deployer-policy.json'), 'utf8')).toContain('cce-*');
    const request = await byoc('template', 'terraform', 'get-template', '--byoc-id', cloud.id, '--format', 'request');
    expect(request).toMatchObject({ code: 1 });
    expect(request.stderr).toContain('TEMPLATE_FORMAT_UNSUPPORTED');
  });

  it('provisions with a role ARN that STS lets it assume: exit 0, the cloud creating', async () => {
    const { byoc, create } = await workspace();
    const cloud = await create();
    sts.role(roleArn).trust(cloud.externalId);
    const result = await byoc('provision', '--byoc-id', cloud.id, '--aws-iam-role-arn', roleArn);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ cloud: { state: 'creating' }, report: { ok: true } });
    expect(result.stderr).toMatch(/verifying access: done in \d+\.\d s/);
    // Progress: each transition as it is stored, then each check of the report.
    expect(result.stderr).toMatch(
      /draft -> validating\n[\s\S]*validating -> creating\n[\s\S]*ok {3}assume_role_with_wrong_external_id_denied/,
    );
  });

  it('shows the template version a cloud runs and, after the vendor adds a permission, the upgrade', async () => {
    const { folder, byoc, create } = await workspace();
    const cloud = await create();
    const early = await byoc('template', 'upgrade', '--byoc-id', cloud.id);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('TEMPLATE_NOT_APPLIED');
    sts.role(roleArn).trust(cloud.externalId);
    expect((await byoc('provision', '--byoc-id', cloud.id, '--aws-iam-role-arn', roleArn)).code).toBe(0);
    const current = JSON.parse((await byoc('template', 'status', '--byoc-id', cloud.id)).stdout);
    expect(current).toMatchObject({ upToDate: true, changes: [] });
    expect(current.applied).toMatch(/^tv1-[0-9a-f]{16}$/);

    // The vendor grants one more action: the cloud now runs an older version.
    const config = JSON.parse(readFileSync(join(folder, 'byoc.config.json'), 'utf8'));
    config.aws.extraVendorStatements = [{ Effect: 'Allow', Action: 'ec2:DescribeIpamPools', Resource: '*' }];
    await writeFile(join(folder, 'byoc.config.json'), JSON.stringify(config));
    const status = await byoc('template', 'status', '--byoc-id', cloud.id, '--format', 'table');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^APPLIED +CURRENT +UPTODATE +CHANGES\n${current.applied} +tv1-[0-9a-f]{16} +false +1\n`));
    expect(status.stdout).toContain('permission_added: ');
    expect(status.stdout).toContain('`ec2:DescribeIpamPools`');
    const upgrade = await byoc('template', 'upgrade', '--byoc-id', cloud.id, '--out', 'upgrade');
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(upgrade.stdout.startsWith(`${current.applied} -> ${status.stdout.split('\n')[1]?.split(/ +/)[1]}: 1 change(s)\n`)).toBe(true);
    expect(readFileSync(join(folder, 'upgrade', 'README.md'), 'utf8')).toContain('## What changes');
  });

  it('rotates the external ID: the variables then trust both, and a second rotation waits for the first', async () => {
    const { byoc, create } = await workspace();
    const cloud = await create();
    const rotated = await byoc('external-id', 'rotate', '--byoc-id', cloud.id);
    expect(rotated.code, rotated.stderr).toBe(0);
    const row = JSON.parse(rotated.stdout);
    expect(row).toMatchObject({ id: cloud.id, previousExternalId: cloud.externalId });
    expect(row.externalId).not.toBe(cloud.externalId);
    expect(rotated.stderr).toContain('it trusts both IDs');
    const variables = JSON.parse((await byoc('template', 'terraform', 'get-vars', '--byoc-id', cloud.id)).stdout);
    expect(variables).toMatchObject({ external_id: row.externalId, previous_external_id: cloud.externalId });
    // Served to the customer: rotating again would drop the ID their role may still hold.
    const again = await byoc('external-id', 'rotate', '--byoc-id', cloud.id, '--format', 'table');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('EXTERNAL_ID_ROTATION_PENDING');
  });

  it('exits 2 when the cloud keeps denying access, and 1 for a malformed ARN', async () => {
    const { byoc, create } = await workspace();
    const cloud = await create();
    const denied = await byoc('provision', '--byoc-id', cloud.id, '--aws-iam-role-arn', 'arn:aws:iam::123456789012:role/other');
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('error: PROPAGATION_TIMEOUT:');
    expect(JSON.parse(denied.stdout)).toMatchObject({ cloud: { state: 'draft' } });
    const malformed = await byoc('provision', '--byoc-id', cloud.id, '--aws-iam-role-arn', 'arn:aws:iam::123456789012:user/alice');
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('error: ROLE_ARN_INVALID:');
  });

  it('changes permissions and contacts, and deletes', async () => {
    const { byoc, create } = await workspace();
    const cloud = await create();
    await byoc('permissions', 'set', '--byoc-id', cloud.id, '--project', 'web');
    const added = JSON.parse(
      (await byoc('permissions', 'add', '--byoc-id', cloud.id, '--project', 'api', '--organizational-unit', 'ou1')).stdout,
    );
    expect(added.availability).toEqual({ mode: 'selection', organizationUnits: ['ou1'], projects: ['api', 'web'] });
    const removed = JSON.parse((await byoc('permissions', 'remove', '--byoc-id', cloud.id, '--project', 'web')).stdout);
    expect(removed.availability.projects).toEqual(['api']);
    const contacts = JSON.parse(
      (
        await byoc(
          'contacts',
          'set',
          '--byoc-id',
          cloud.id,
          '--contact',
          'ops@acme.example,ADMIN,Ops Team',
          '--contact',
          'sec@acme.example,security',
        )
      ).stdout,
    );
    expect(contacts.contacts).toEqual([
      { email: 'ops@acme.example', realName: 'Ops Team', role: 'Admin' },
      { email: 'sec@acme.example', role: 'Security' },
    ]);
    const deleted = JSON.parse((await byoc('delete', '--byoc-id', cloud.id)).stdout);
    expect(deleted).toMatchObject({ cloud: { state: 'deleted' }, teardown: { steps: expect.any(Array) } });
  });

  it('checks and suggests CIDRs', async () => {
    const { byoc } = await workspace();
    expect(JSON.parse((await byoc('cidr', 'check', '10.0.0.0/16')).stdout)).toEqual({ cidr: '10.0.0.0/16', valid: true });
    const overlap = await byoc('cidr', 'check', '10.0.0.0/16', '--peer', '10.0.128.0/17');
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain('error: CIDR_OVERLAP:');
    expect((await byoc('cidr', 'check', '10.0.0.5/16')).stderr).toContain('Did you mean 10.0.0.0/16?');
    expect(JSON.parse((await byoc('cidr', 'suggest', '--prefix', '20', '--taken', '10.0.0.0/16,10.1.0.0/28')).stdout)).toEqual({
      cidr: '10.1.16.0/20',
      within: '10.0.0.0/8',
    });
    expect((await byoc('cidr', 'suggest', '--prefix', '17', '--within', '10.0.0.0/16', '--taken', '10.0.0.0/16')).code).toBe(2);
  });
});
