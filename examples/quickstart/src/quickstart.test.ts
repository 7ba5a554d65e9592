import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { terraformInstalled } from '@byoc-kit/core/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const execute = promisify(execFile);
/** Runs a command; a failure says what it printed last, not only that it failed. */
const run = ((...args: Parameters<typeof execute>) =>
  execute(...args).catch((error: { message: string; stdout?: unknown; stderr?: unknown }) => {
    const tail = (output: unknown, length: number) => String(output ?? '').slice(-length);
    throw new Error(
      `${error.message}\n--- stdout (end) ---\n${tail(error.stdout, 3000)}\n--- stderr (end) ---\n${tail(error.stderr, 2000)}`,
    );
  })) as typeof execute;
const tsx = join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');

/** The journey past the template, as the quickstart prints it, in order. */
const journey = [
  'SIMULATION: STS is a loopback stand-in',
  'submitAccess answered in',
  ': validating; the worker verifies in the background',
  'verified: creating',
  ': up to date (byoc.templateStatus)',
  "the vendor's control plane built the cloud: active",
  'health check: passed',
  'ok   assume_role_with_wrong_external_id_denied',
  'SIMULATION: the customer deletes the role',
  'disconnected after 3 failed checks: ACCESS_REVOKED',
];

function expectJourney(stdout: string) {
  let from = 0;
  for (const step of journey) {
    const at = stdout.indexOf(step, from);
    expect(at, `"${step}" after position ${from}`).toBeGreaterThan(-1);
    from = at;
  }
  for (const [sequence, move] of [
    'draft -> validating',
    'validating -> creating',
    'creating -> active',
    'active -> disconnected',
  ].entries()) {
    expect(stdout.match(new RegExp(`onTransition [0-9a-f-]{36}/${sequence + 1}: ${move}`, 'g')) ?? [], move).toHaveLength(1);
  }
}

/** On Node.js < 22 one line up front says so; the AWS SDK's multi-line warning never interrupts the walk-through. */
function expectNodeNoticeOnce(stdout: string, stderr: string) {
  expect(`${stdout}${stderr}`).not.toContain('NodeVersionSupportWarning');
  const notices = stdout.match(/^note: Node\.js v\S+ runs this quickstart/gm) ?? [];
  expect(notices).toHaveLength(Number(process.versions.node.split('.')[0]) < 22 ? 1 : 0);
  if (notices.length > 0) expect(stdout.startsWith('note: Node.js')).toBe(true);
}

describe('quickstart', () => {
  it('creates a cloud per provider, writes their bundles, and follows the AWS customer to a lost connection', {
    timeout: 180_000,
  }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'byoc-quickstart-'));
    const { BYOC_POSTGRES_URL: _, ...withoutPostgres } = process.env;
    const { stdout, stderr } = await run(process.execPath, [tsx, join(import.meta.dirname, 'main.ts')], {
      env: { ...withoutPostgres, BYOC_QUICKSTART_OUT: out },
      timeout: 120_000,
    });
    for (const path of [
      'aws/main.tf',
      'aws/terraform.tfvars.json',
      'aws-cloudformation/template.yaml',
      'gcp/main.tf',
      'azure/azuredeploy.json',
      'azure/main.bicep',
      'clouds.json',
    ]) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    const store = JSON.parse(readFileSync(join(out, 'clouds.json'), 'utf8')) as { clouds: { provider: string; state: string }[] };
    expect(store.clouds.map((cloud) => `${cloud.provider}:${cloud.state}`)).toEqual(['aws:disconnected', 'gcp:draft', 'azure:draft']);
    expect(stdout).toContain("Next steps (the customer's part begins here)");
    expect(stdout).toContain('(store: JSON file');
    expectJourney(stdout);
    expectNodeNoticeOnce(stdout, stderr);
    expect(stdout).toMatch(
      terraformInstalled()
        ? /terraform validate: (Success! The configuration is valid\.|skipped\. terraform init could not)/
        : /terraform validate: skipped\. terraform is not installed/,
    );
    if (process.env.BYOC_REQUIRE_TERRAFORM === '1') expect(stdout).toContain('terraform validate: Success! The configuration is valid.');
  });
});

describe.skipIf(!process.env.BYOC_POSTGRES_URL)('quickstart on PostgreSQL', () => {
  it('runs the same journey with the PostgreSQL store and pg-boss', { timeout: 180_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'byoc-quickstart-pg-'));
    const schema = `byoc_quickstart_${Date.now().toString(36)}`;
    try {
      const { stdout, stderr } = await run(process.execPath, [tsx, join(import.meta.dirname, 'main.ts')], {
        env: { ...process.env, BYOC_QUICKSTART_OUT: out, BYOC_QUICKSTART_SCHEMA: schema },
        timeout: 120_000,
      });
      expect(stdout).toContain(`schema ${schema}, jobs on pg-boss`);
      expectJourney(stdout);
      expectNodeNoticeOnce(stdout, stderr);
      expect(stdout).toMatch(/aws {4}[0-9a-f-]{36} {2}disconnected/);
    } finally {
      const client = new pg.Client({ connectionString: process.env.BYOC_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}_jobs" CASCADE`);
      await client.end();
    }
  });
});
