import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { TemplateBundle } from '../provider/index.js';
import { findTerraformProviderMirror, terraformMirrorConfig } from '../templates/index.js';

const run = promisify(execFile);

/** True when a `terraform` binary is on the PATH. */
export function terraformInstalled(): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => folder !== '' && existsSync(join(folder, 'terraform')));
}

/**
 * Whether the Terraform tests run: they do when terraform is installed, and CI
 * (`BYOC_REQUIRE_TERRAFORM=1`) makes a missing terraform a failure instead of a skip.
 */
export function terraformAvailable(): boolean {
  if (terraformInstalled()) return true;
  if (process.env.BYOC_REQUIRE_TERRAFORM === '1') throw new Error('BYOC_REQUIRE_TERRAFORM=1 but terraform is not on the PATH.');
  console.warn(
    'terraform is not installed: the Terraform checks of generated bundles are skipped (set BYOC_REQUIRE_TERRAFORM=1 to fail instead).',
  );
  return false;
}

let cliConfig: Promise<string> | undefined;

// Terraform's plugin cache is not safe for concurrent `init`s (two may install into it at once and
// one then finds a half-written provider): the inits of this process take turns.
let initsDone: Promise<unknown> = Promise.resolve();
function oneInitAtATime<T>(init: () => Promise<T>): Promise<T> {
  const turn = initsDone.then(init, init);
  initsDone = turn.catch(() => undefined);
  return turn;
}

/**
 * A Terraform CLI configuration shared by the tests: a plugin cache, and the AWS provider from a
 * filesystem mirror when one is found (`findTerraformProviderMirror`; machines without internet).
 * Elsewhere `terraform init` downloads the provider as usual.
 */
function terraformCliConfig(): Promise<string> {
  cliConfig ??= (async () => {
    const folder = await mkdtemp(join(tmpdir(), 'byoc-terraform-'));
    const cache = join(folder, 'plugin-cache');
    await mkdir(cache);
    const mirror = findTerraformProviderMirror();
    const installation = mirror ? terraformMirrorConfig(mirror) : '';
    const path = join(folder, 'cli.tfrc');
    await writeFile(path, `${installation}plugin_cache_dir = ${JSON.stringify(cache)}\n`);
    return path;
  })();
  return cliConfig;
}

/** A bundle written to a folder, with the commands a customer would run on it. */
export interface TerraformWorkspace {
  readonly folder: string;
  terraform(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** `init -backend=false`, `validate`, `plan`, then `show -json` of the plan. */
  plan(): Promise<TerraformPlan>;
}

/** The parts of `terraform show -json` the tests read. */
export interface TerraformPlan {
  readonly planned_values: { readonly root_module: { readonly resources: readonly PlannedResource[] } };
}

export interface PlannedResource {
  readonly address: string;
  readonly type: string;
  /** Known values; Terraform leaves the key out when none is known before apply. */
  readonly values: Record<string, unknown>;
}

/**
 * Writes a bundle into a fresh folder. `override`, when given, goes to `offline_override.tf`:
 * Terraform merges `*_override.tf` files into the configuration, so a test can point the provider
 * at dummy credentials while the bundle stays exactly as the customer gets it.
 */
export async function terraformWorkspace(bundle: TemplateBundle, options: { override?: string } = {}): Promise<TerraformWorkspace> {
  const folder = await mkdtemp(join(tmpdir(), 'byoc-bundle-'));
  for (const file of bundle.files) await writeFile(join(folder, file.path), file.contents);
  if (options.override !== undefined) await writeFile(join(folder, 'offline_override.tf'), options.override);
  const runTerraform = async (args: string[]) =>
    run('terraform', args, {
      cwd: folder,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: await terraformCliConfig(),
        TF_IN_AUTOMATION: '1',
        CHECKPOINT_DISABLE: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      maxBuffer: 64 * 1024 * 1024,
    });
  // The subcommand is the first argument that is not a global option (`-chdir=...`).
  const terraform = (...args: string[]) =>
    args.find((arg) => !arg.startsWith('-')) === 'init' ? oneInitAtATime(() => runTerraform(args)) : runTerraform(args);
  return {
    folder,
    terraform,
    async plan() {
      await terraform('init', '-backend=false', '-input=false', '-no-color');
      await terraform('validate', '-no-color');
      await terraform('plan', '-input=false', '-lock=false', '-no-color', '-out=plan.out');
      return readPlan((await terraform('show', '-json', 'plan.out')).stdout);
    },
  };
}

/** Parses `terraform show -json`, giving every resource a `values` object. */
export function readPlan(json: string): TerraformPlan {
  const plan = JSON.parse(json) as TerraformPlan;
  for (const resource of plan.planned_values.root_module.resources) (resource as { values: unknown }).values ??= {};
  return plan;
}
