import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { terraformInstalled } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join(createRequire(import.meta.url).resolve('tsx/package.json'), '..', 'dist', 'cli.mjs');

describe('quickstart', () => {
  it('creates a cloud per provider, writes their bundles, and stops at the customer', { timeout: 180_000 }, async () => {
    const out = await mkdtemp(join(tmpdir(), 'byoc-quickstart-'));
    const { stdout } = await run(process.execPath, [tsx, join(import.meta.dirname, 'main.ts')], {
      env: { ...process.env, BYOC_QUICKSTART_OUT: out },
      timeout: 120_000,
    });
    for (const path of [
      'aws/main.tf',
      'aws/terraform.tfvars.json',
      'aws-cloudformation/template.yaml',
      'gcp/main.tf',
      'azure/request.json',
      'clouds.json',
    ]) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    const store = JSON.parse(readFileSync(join(out, 'clouds.json'), 'utf8')) as { clouds: { provider: string; state: string }[] };
    expect(store.clouds.map((cloud) => `${cloud.provider}:${cloud.state}`)).toEqual(['aws:draft', 'gcp:draft', 'azure:draft']);
    expect(stdout).toContain("Next steps (the customer's part begins here)");
    expect(stdout).toMatch(
      terraformInstalled()
        ? /terraform validate: (Success! The configuration is valid\.|skipped\. terraform init could not)/
        : /terraform validate: skipped\. terraform is not installed/,
    );
    if (process.env.BYOC_REQUIRE_TERRAFORM === '1') expect(stdout).toContain('terraform validate: Success! The configuration is valid.');
  });
});
