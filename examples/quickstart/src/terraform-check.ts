import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { findTerraformProviderMirror, terraformMirrorConfig } from '@byoc-kit/core/provider-utils';

const run = promisify(execFile);

/** What happened when the quickstart asked Terraform to check a bundle. */
export type TerraformCheck = { ran: true; valid: boolean; output: string } | { ran: false; reason: string };

/** Runs `terraform init -backend=false` and `terraform validate` in a bundle folder, when terraform is installed. */
export async function validateWithTerraform(folder: string): Promise<TerraformCheck> {
  const installed = (process.env.PATH ?? '').split(delimiter).some((entry) => entry !== '' && existsSync(join(entry, 'terraform')));
  if (!installed)
    return {
      ran: false,
      reason: 'terraform is not installed, so the AWS bundle was not validated (install Terraform >= 1.5 and run the quickstart again).',
    };
  const environment: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const mirror = findTerraformProviderMirror();
  if (mirror) {
    const config = join(await mkdtemp(join(tmpdir(), 'byoc-quickstart-')), 'cli.tfrc');
    await writeFile(config, terraformMirrorConfig(mirror));
    environment.TF_CLI_CONFIG_FILE = config;
  }
  try {
    await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: folder, env: environment });
  } catch (error) {
    return {
      ran: false,
      reason: `terraform init could not install the AWS provider (no internet access, and no provider mirror found): ${firstLine(error)}. Set BYOC_TERRAFORM_PLUGIN_MIRROR to a filesystem mirror to validate offline.`,
    };
  }
  try {
    const { stdout } = await run('terraform', ['validate', '-no-color'], { cwd: folder, env: environment });
    return { ran: true, valid: true, output: stdout.trim() };
  } catch (error) {
    return { ran: true, valid: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

function firstLine(error: unknown): string {
  const text = String((error as { stderr?: string }).stderr || (error as Error).message || error);
  return text.split('\n').find((line) => line.includes('Error')) ?? text.split('\n')[0] ?? '';
}
