import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = join(import.meta.dirname, 'render-once.mjs');
const probeRun = async (...args: string[]) =>
  JSON.parse((await run(process.execPath, [probe, ...args])).stdout) as { files: number; sdkLoaded: boolean; sdksLoaded: string[] };

describe.each([
  ['aws', ['@aws-sdk/client-sts', '@aws-sdk/client-iam'], 6],
  ['gcp', ['google-auth-library'], 5],
  ['azure', ['@azure/identity'], 4],
])('@byoc-kit/%s loading', (adapter, sdks, files) => {
  it(`renders a bundle in a fresh process without loading ${sdks.join(' or ')}, and the probe sees each when loaded`, {
    timeout: 60_000,
  }, async () => {
    const built = join(import.meta.dirname, '..', 'packages', adapter, 'dist', 'index.js');
    expect(existsSync(built), `${built} is missing; run \`pnpm build\` (the test command does)`).toBe(true);
    const rendering = await probeRun(adapter);
    expect(rendering).toMatchObject({ files, sdkLoaded: false, sdksLoaded: [] });
    expect((await probeRun(adapter, '--load-sdk')).sdksLoaded).toEqual(sdks);
  });
});
