import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AvnExchange, establish, type Precondition, readsOf } from './avn-exchanges.js';
import { startTestBackend, type TestBackend } from './test-backend.js';

/**
 * Aiven's own CLI against this backend: every `avn byoc` subcommand, with good and bad inputs.
 * Opt-in, since the client is not a dependency: `BYOC_AIVEN_CLIENT=<a checkout of
 * aiven/aiven-client>` (it needs `pip install requests-toolbelt`). `BYOC_AVN_RECORD=<file>` writes
 * the exchanges `avn-replay.test.ts` replays; `BYOC_AVN_TABLE=<file>` writes the outcomes as a table.
 */
const checkout = process.env.BYOC_AIVEN_CLIENT;
if (!checkout) console.warn('BYOC_AIVEN_CLIENT is unset: the runs of the real avn client are skipped (avn-replay.test.ts replays them).');

const organization = 'org123a456b789';
const org = ['--organization-id', organization];
const roleArn = 'arn:aws:iam::123456789012:role/cce-018b6442-iam-role';

interface Step {
  /** avn's arguments after `byoc`; `{aws}` and `{gcp}` stand for the clouds' ids. */
  args: string[];
  /** The exit status avn should end with (0, or 1 on an error answer). */
  exit: 0 | 1;
  /** Text avn should print (stdout, or stderr for errors). */
  prints?: string;
  /** The placeholder the create answer binds. */
  binds?: string;
  /** What holds before the step: the worker verified the role (`creating`), or the vendor built the cloud (`active`). */
  precondition?: Precondition;
}

const create = (provider: string, region: string, cidr: string, name: string) => [
  'create',
  ...org,
  '--deployment-model',
  'standard',
  '--cloud-provider',
  provider,
  '--cloud-region',
  region,
  '--reserved-cidr',
  cidr,
  '--display-name',
  name,
];
const aws = ['--byoc-id', '{aws}'];
const gcp = ['--byoc-id', '{gcp}'];

const steps: Step[] = [
  { args: create('aws', 'eu-north-1', '10.0.0.0/16', 'My BYOC Cloud on AWS'), exit: 0, prints: 'draft', binds: 'aws' },
  { args: create('google', 'europe-west1', '10.1.0.0/16', 'Analytics on GCP'), exit: 0, prints: 'google', binds: 'gcp' },
  {
    args: create('aws', 'eu-north-1', '8.8.8.0/24', 'Public'),
    exit: 1,
    prints: 'reserved_cidr: The reserved CIDR 8.8.8.0/24 is not inside the RFC 1918',
  },
  { args: create('aws', 'europe-north1', '10.2.0.0/16', 'Wrong region'), exit: 1, prints: 'cloud_region: ' },
  { args: create('oracle', 'eu-north-1', '10.2.0.0/16', 'Oracle'), exit: 1, prints: 'cloud_provider: The cloud provider must be' },
  { args: create('aws', 'eu-north-1', '10.0.0.0/33', 'Bad prefix'), exit: 1, prints: 'reserved_cidr: The reserved CIDR "10.0.0.0/33"' },
  { args: ['list', ...org], exit: 0, prints: 'Analytics on GCP' },
  {
    args: [
      'update',
      ...org,
      ...aws,
      '--display-name',
      'Production on AWS',
      '--contact-email',
      'email="ops@example.com",real_name="Ops Team",role="Admin"',
      '--contact-email',
      'email="dev@example.com"',
    ],
    exit: 0,
    prints: 'Production on AWS',
  },
  {
    args: ['update', ...org, ...aws, '--contact-email', 'email="not-an-email"'],
    exit: 1,
    prints: 'contact_emails: Contact 1 has an invalid email',
  },
  {
    args: ['update', ...org, ...aws, '--contact-email', 'email="a@example.com",role="Boss"'],
    exit: 1,
    prints: 'use one of Admin, Technical, Billing, Security',
  },
  {
    args: ['update', ...org, ...aws, '--deployment-model', 'dedicated'],
    exit: 1,
    prints: 'deployment_model: The deployment model must be',
  },
  { args: ['tags', 'update', ...org, ...aws, '--add-tag', 'env=prod', '--add-tag', 'team=data'], exit: 0, prints: 'tags updated' },
  { args: ['tags', 'list', ...org, ...aws], exit: 0, prints: 'team' },
  { args: ['tags', 'update', ...org, ...aws, '--remove-tag', 'team', '--add-tag', 'cost=c1'], exit: 0, prints: 'tags updated' },
  { args: ['tags', 'update', ...org, ...aws, '--add-tag', 'aws-owner=x'], exit: 1, prints: 'tags: The tag key "aws-owner"' },
  { args: ['tags', 'replace', ...org, ...aws, '--tag', 'env=staging'], exit: 0, prints: 'tags updated' },
  { args: ['tags', 'list', ...org, ...aws, '--json'], exit: 0, prints: '"value": "staging"' },
  { args: ['template', 'terraform', 'get-template', ...org, ...aws], exit: 0, prints: 'resource "aws_iam_role"' },
  { args: ['template', 'terraform', 'get-vars', ...org, ...aws], exit: 0, prints: 'custom_cloud_id' },
  { args: ['template', 'terraform', 'get-template', ...org, ...gcp], exit: 0, prints: 'google_service_account' },
  { args: ['template', 'terraform', 'get-vars', ...org, ...gcp], exit: 0, prints: 'reserved_cidr' },
  {
    args: ['template', 'terraform', 'get-template', ...org, '--byoc-id', '00000000-0000-4000-8000-000000000000'],
    exit: 1,
    prints: '(status 404)',
  },
  { args: ['cloud', 'permissions', 'get', ...org, ...aws], exit: 0, prints: "'all_projects': True" },
  { args: ['cloud', 'permissions', 'set', ...org, ...aws, '--account', 'a1b2c3', '--project', 'web'], exit: 0, prints: "'web'" },
  { args: ['cloud', 'permissions', 'add', ...org, ...aws, '--project', 'api', 'billing'], exit: 0, prints: "'billing'" },
  { args: ['cloud', 'permissions', 'remove', ...org, ...aws, '--project', 'web'], exit: 0, prints: "'api'" },
  {
    args: ['cloud', 'permissions', 'set', ...org, ...aws, '--account', 'bad name!'],
    exit: 1,
    prints: 'accounts[0]: Names are 1-128 letters',
  },
  { args: ['cloud', 'permissions', 'get', ...org, ...aws], exit: 0, prints: "'accounts': ['a1b2c3']" },
  {
    args: ['provision', ...org, ...aws, '--aws-iam-role-arn', 'arn:aws:iam::123456789012:user/x'],
    exit: 1,
    prints: 'is a user ARN and is not an IAM role ARN',
  },
  { args: ['provision', ...org, ...aws], exit: 1, prints: 'aws_iam_role_arn' },
  { args: ['provision', ...org, ...aws, '--aws-iam-role-arn', roleArn], exit: 0, prints: 'validating' },
  {
    args: ['tags', 'list', ...org, ...aws],
    exit: 0,
    prints: 'staging',
    precondition: { cloud: 'aws', state: 'creating' },
  },
  {
    args: ['update', ...org, ...aws, '--reserved-cidr', '10.9.0.0/16'],
    exit: 1,
    prints: 'reserved_cidr cannot change once the custom cloud has left draft',
  },
  { args: ['list', ...org], exit: 0, prints: 'creating' },
  { args: ['delete', ...org, ...gcp], exit: 0, prints: 'deleted' },
  { args: ['delete', ...org, ...gcp], exit: 1, prints: '(status 409)' },
  {
    args: ['delete', ...org, ...aws, '--force'],
    exit: 0,
    prints: '"state": "deleted"',
    // The vendor built the cloud: it is active; a forced deletion ends it even if the teardown fails.
    precondition: { cloud: 'aws', state: 'active' },
  },
];

describe.skipIf(!checkout)('the real avn client against the vendor backend', () => {
  let backend: TestBackend;
  const exchanges: AvnExchange[] = [];
  let current: Step | undefined;
  // The index of the step's first exchange.
  let stepStart = 0;
  const ids = new Map<string, string>();
  const rows: string[] = [];

  beforeAll(async () => {
    backend = await startTestBackend({
      async intercept(request, answer) {
        // Only the steps' exchanges are recorded for the replay; the refusals below are not.
        if (current === undefined) return answer(request);
        const body = request.method === 'GET' || request.method === 'DELETE' ? null : await request.clone().text();
        const response = await answer(request);
        const text = await response.clone().text();
        const url = new URL(request.url);
        const placeholders = (value: string) => [...ids].reduce((result, [name, id]) => result.replaceAll(id, `{${name}}`), value);
        let binds: string | undefined;
        if (current?.binds && response.status === 201) {
          binds = current.binds;
          ids.set(binds, JSON.parse(text).custom_cloud_environment.custom_cloud_environment_id);
        }
        const path = placeholders(`${url.pathname}${url.search}`);
        const command = placeholders(`byoc ${(current?.args ?? []).map(shellWord).join(' ')}`);
        exchanges.push({
          command,
          request: {
            method: request.method,
            path,
            headers: Object.fromEntries(
              ['content-type', 'authorization'].flatMap((name) => {
                // The token is the backend's of this run: recorded as {token}, which the replay fills in.
                const value = request.headers.get(name)?.replace(backend.token, '{token}');
                return value === undefined ? [] : [[name, value]];
              }),
            ),
            body: body === null || body === '' ? null : placeholders(body),
          },
          ...(current?.precondition && exchanges.length === stepStart ? { precondition: current.precondition } : {}),
          response: { status: response.status, ...(binds ? { binds } : {}) },
          reads: response.status < 300 ? readsOf(request.method, path) : [],
          ...(response.status >= 300 ? { errorCode: JSON.parse(text).errors?.[0]?.code } : {}),
        });
        return response;
      },
    });
  });

  afterAll(async () => {
    await backend?.close();
    if (process.env.BYOC_AVN_RECORD) writeFileSync(process.env.BYOC_AVN_RECORD, `${JSON.stringify(exchanges, null, 2)}\n`);
    if (process.env.BYOC_AVN_TABLE) {
      writeFileSync(process.env.BYOC_AVN_TABLE, ['| avn command | exit | avn printed |', '| --- | --- | --- |', ...rows, ''].join('\n'));
    }
  });

  it.each(steps.map((step) => [step.args.slice(0, 3).join(' '), step] as const))('avn byoc %s ...', async (_name, step) => {
    if (step.precondition) await establish(backend, ids, step.precondition);
    current = step;
    stepStart = exchanges.length;
    const args = step.args.map((arg) => arg.replace(/\{(aws|gcp)\}/, (_match, name: string) => ids.get(name) ?? name));
    const result = await avn(backend.origin, backend.token, args);
    current = undefined;
    const printed = step.exit === 0 ? result.stdout : `${result.stdout}${result.stderr}`;
    const shown = (step.exit === 0 ? result.stdout : result.stderr).trim().split('\n').filter(Boolean);
    rows.push(
      `| \`avn byoc ${step.args.map(shellWord).join(' ')}\` | ${result.code} | ${(step.exit === 0 ? shown.slice(0, 2) : shown.slice(-1)).join(' / ').replaceAll('|', '\\|').slice(0, 160)} |`,
    );
    expect(result.code, printed).toBe(step.exit);
    if (step.prints) expect(printed).toContain(step.prints);
  });

  it("is refused without a valid token, and with another organization's", async () => {
    current = undefined;
    const forged = backend.token.replace(/_[0-9a-f]{64}$/, `_${'0'.repeat(64)}`);
    const other = await backend.tokenFor('org-other');
    for (const [token, status] of [
      [forged, '(status 401)'],
      [other, '(status 404)'],
    ] as const) {
      const result = await avn(backend.origin, token, ['list', ...org]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(status);
    }
  });
});

async function avn(origin: string, token: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'python3',
      ['-m', 'aiven.client', '--url', origin, '--auth-token', token, 'byoc', ...args],
      {
        cwd: checkout,
        env: { ...process.env, PYTHONPATH: checkout },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@{}-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
