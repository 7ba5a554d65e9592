import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * A Terraform filesystem mirror holding a provider, for machines without internet access:
 * `BYOC_TERRAFORM_PLUGIN_MIRROR` when set, else the first folder holding
 * `registry.terraform.io/<provider>` among `~/.terraform.d`, `/usr/local/share/terraform`,
 * `/usr/share/terraform` and the folders directly under `/opt`. Undefined when there is none: with
 * internet access, `terraform init` downloads providers and needs no mirror.
 */
export function findTerraformProviderMirror(provider = 'hashicorp/aws'): string | undefined {
  const fromEnvironment = process.env.BYOC_TERRAFORM_PLUGIN_MIRROR;
  if (fromEnvironment) return fromEnvironment;
  const holds = (folder: string) => existsSync(join(folder, 'registry.terraform.io', ...provider.split('/')));
  for (const root of [join(homedir(), '.terraform.d'), '/usr/local/share/terraform', '/usr/share/terraform', '/opt']) {
    if (!existsSync(root)) continue;
    if (holds(root)) return root;
    for (const child of list(root)) if (holds(join(root, child))) return join(root, child);
  }
  return undefined;
}

/** The Terraform CLI configuration that installs `provider` from a mirror, and any other provider as usual. */
export function terraformMirrorConfig(mirror: string, provider = 'hashicorp/aws'): string {
  const address = JSON.stringify(`registry.terraform.io/${provider}`);
  return `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${address}]\n  }\n  direct {\n    exclude = [${address}]\n  }\n}\n`;
}

function list(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
