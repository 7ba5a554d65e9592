import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createAwsProvider } from '@byoc-kit/aws';
import { type AzureProviderSettings, createAzureProvider } from '@byoc-kit/azure';
import { createAzureRequestProvider } from '@byoc-kit/azure-request';
import { ByocError, type CloudProviderV1, createByoc, createJsonFileStore } from '@byoc-kit/core';
import { createGcpProvider } from '@byoc-kit/gcp';

/**
 * The CLI's configuration file (`--config`, else `BYOC_CONFIG`, else `./byoc.config.json`).
 * Without one, the store is `./.byoc/clouds.json` and providers come from the environment:
 * `BYOC_AWS_VENDOR_PRINCIPAL_ARN`, `BYOC_GCP_VENDOR_PRINCIPAL`, Azure through Lighthouse with
 * `BYOC_AZURE_MANAGING_TENANT_ID` and `BYOC_AZURE_VENDOR_PRINCIPAL_ID`, or Azure as a request with
 * `BYOC_AZURE_OUTBOX` (a folder requests are filed in) or `BYOC_AZURE_REQUEST_URL` with `BYOC_AZURE_REQUEST_SECRET`.
 */
export interface CliConfig {
  store?: string;
  aws?: Parameters<typeof createAwsProvider>[0];
  gcp?: Parameters<typeof createGcpProvider>[0];
  azure?: { outbox?: string; transport?: { url: string; secret: string } };
  /** Azure through Lighthouse (`@byoc-kit/azure`); it takes the place of `azure`'s requests. */
  azureLighthouse?: AzureProviderSettings;
}

export function loadConfig(path: string | undefined): { config: CliConfig; folder: string } {
  const file = path ?? process.env.BYOC_CONFIG ?? (existsSync('byoc.config.json') ? 'byoc.config.json' : undefined);
  if (file === undefined) {
    const environment = process.env;
    return {
      folder: process.cwd(),
      config: {
        ...(environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN ? { aws: { vendorPrincipalArn: environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN } } : {}),
        ...(environment.BYOC_GCP_VENDOR_PRINCIPAL ? { gcp: { vendorPrincipal: environment.BYOC_GCP_VENDOR_PRINCIPAL } } : {}),
        ...(environment.BYOC_AZURE_OUTBOX ? { azure: { outbox: environment.BYOC_AZURE_OUTBOX } } : {}),
        ...(environment.BYOC_AZURE_REQUEST_URL
          ? { azure: { transport: { url: environment.BYOC_AZURE_REQUEST_URL, secret: environment.BYOC_AZURE_REQUEST_SECRET ?? '' } } }
          : {}),
        ...(environment.BYOC_AZURE_MANAGING_TENANT_ID && environment.BYOC_AZURE_VENDOR_PRINCIPAL_ID
          ? {
              azureLighthouse: {
                managingTenantId: environment.BYOC_AZURE_MANAGING_TENANT_ID,
                vendorPrincipalId: environment.BYOC_AZURE_VENDOR_PRINCIPAL_ID,
              },
            }
          : {}),
      },
    };
  }
  try {
    return { config: JSON.parse(readFileSync(file, 'utf8')) as CliConfig, folder: dirname(resolve(file)) };
  } catch (error) {
    throw new ByocError({
      code: 'CLI_CONFIG_INVALID',
      message: `The configuration file ${file} cannot be read as JSON: ${(error as Error).message}.`,
      cause: error,
    });
  }
}

/** The byoc service the configuration describes. */
export function serviceFrom({ config, folder }: { config: CliConfig; folder: string }) {
  const providers: CloudProviderV1[] = [];
  if (config.aws) providers.push(createAwsProvider(config.aws));
  if (config.gcp) providers.push(createGcpProvider(config.gcp));
  if (config.azureLighthouse) {
    providers.push(createAzureProvider(config.azureLighthouse));
  } else if (config.azure) {
    const outbox = config.azure.outbox ? resolve(folder, config.azure.outbox) : undefined;
    providers.push(
      createAzureRequestProvider({
        transport:
          config.azure.transport ??
          (async ({ body, idempotencyKey }) => {
            if (!outbox)
              throw new ByocError({ code: 'CLI_CONFIG_INVALID', message: 'azure needs an outbox folder or a transport { url, secret }.' });
            await mkdir(outbox, { recursive: true });
            await writeFile(join(outbox, `${idempotencyKey}.json`), body);
            return { reference: idempotencyKey };
          }),
      }),
    );
  }
  return createByoc({ providers, store: createJsonFileStore({ path: resolve(folder, config.store ?? join('.byoc', 'clouds.json')) }) });
}
