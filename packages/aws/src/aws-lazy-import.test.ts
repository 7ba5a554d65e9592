import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = join(import.meta.dirname, '..', 'bench', 'render-once.mjs');
const built = join(import.meta.dirname, '..', 'dist', 'index.js');

describe('@byoc-kit/aws loading', () => {
  it('renders a bundle in a fresh process without loading @aws-sdk/client-sts, and the probe sees it when it is loaded', async () => {
    expect(existsSync(built), 'the AWS package is not built; run `pnpm build` (the test command does)').toBe(true);
    const rendering = JSON.parse((await run(process.execPath, [probe])).stdout);
    expect(rendering.files).toBe(6);
    expect(rendering.stsLoaded).toBe(false);
    const control = JSON.parse((await run(process.execPath, [probe, '--load-sts'])).stdout);
    expect(control.stsLoaded).toBe(true);
  });
});
