import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CloudProviderV1, createByoc, createMemoryStore } from '@byoc-kit/core';
import { createAivenProvider } from './aiven.js';
import { createRedisCloudProvider } from './redis-cloud.js';
import { sampleCloudInput, sampleOidcProviderArn, sampleVendorPrincipalArn } from './sample.js';
import { createZillizProvider } from './zilliz.js';

/**
 * Renders the Terraform and CloudFormation bundles of each seed vendor's blueprint for one sample
 * custom cloud into out/<vendor>/<format>, and prints what each asks the customer to create.
 */
const out = join(import.meta.dirname, '..', 'out');
const vendorPrincipalArn = sampleVendorPrincipalArn;
const vendors: [string, CloudProviderV1][] = [
  ['aiven', createAivenProvider({ vendorPrincipalArn })],
  [
    'zilliz',
    createZillizProvider({
      vendorPrincipalArn,
      blueprintParameters: () => ({ eks_oidc_provider_arn: sampleOidcProviderArn }),
    }),
  ],
  ['redis-cloud', createRedisCloudProvider({})],
];

await rm(out, { recursive: true, force: true });
for (const [vendor, provider] of vendors) {
  // Each vendor embeds byoc-kit with its own AWS provider, configured with its blueprint.
  const byoc = createByoc({ providers: [provider], store: createMemoryStore() });
  const cloud = await byoc.create(sampleCloudInput);
  console.log(`${vendor}: custom cloud ${cloud.id}`);
  for (const format of ['terraform', 'cloudformation'] as const) {
    const bundle = await byoc.getTemplate(cloud.id, { format });
    const folder = join(out, vendor, format);
    await mkdir(folder, { recursive: true });
    for (const file of bundle.files) await writeFile(join(folder, file.path), file.contents);
    const resources = [
      ...new Set(
        [
          ...bundle.files
            .map((file) => file.contents)
            .join('\n')
            .matchAll(/^resource "(\w+)" "(\w+)"/gm),
        ].map((match) => `${match[1]}.${match[2]}`),
      ),
    ];
    console.log(`  ${format}: ${bundle.files.map((file) => file.path).join(', ')}`);
    if (format === 'terraform') console.log(`    resources: ${resources.join(', ')}`);
    console.log(`    outputs: ${bundle.outputs.map((output) => output.name).join(', ')}`);
    for (const warning of bundle.warnings ?? []) console.log(`    warning: ${warning}`);
  }
}
console.log(`\nBundles written under ${join('examples', 'blueprints', 'out')}.`);
