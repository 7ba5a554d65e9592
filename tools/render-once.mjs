// Renders one bundle (Terraform; ARM and Bicep on Azure) in this fresh process with the built packages, and reports which of
// the adapter's cloud SDKs were loaded: generating a template must never load them.
//   node tools/render-once.mjs aws|gcp|azure [--load-sdk] [--plain]
// `--load-sdk` imports the SDK on purpose (the probe's control case); `--plain` skips the loader
// hook, for timing.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const adapters = {
  aws: {
    module: '@byoc-kit/aws',
    sdks: ['@aws-sdk/client-sts', '@aws-sdk/client-iam'],
    create: (module) => module.createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' }),
    cloud: { provider: 'aws', region: 'eu-north-1' },
  },
  gcp: {
    module: '@byoc-kit/gcp',
    sdks: ['google-auth-library'],
    create: (module) => module.createGcpProvider({ vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com' }),
    cloud: { provider: 'gcp', region: 'europe-north1' },
  },
  azure: {
    module: '@byoc-kit/azure',
    sdks: ['@azure/identity'],
    create: (module) =>
      module.createAzureProvider({
        managingTenantId: '11111111-2222-4333-8444-555555555555',
        vendorPrincipalId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      }),
    cloud: { provider: 'azure', region: 'westeurope' },
  },
};
const adapter = adapters[process.argv[2]];
if (!adapter) throw new Error('usage: node tools/render-once.mjs aws|gcp|azure [--load-sdk] [--plain]');

const plain = process.argv.includes('--plain');
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
if (!plain) register('./record-loads.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

// Resolve the packages from the adapter's own folder, as an application depending on it would.
const from = new URL(`../packages/${process.argv[2]}/package.json`, import.meta.url);
const { createRequire } = await import('node:module');
const resolve = (name) =>
  import(
    new URL(
      `file://${createRequire(from)
        .resolve(name)
        .replace(/index\.cjs$/, 'index.js')}`,
    ).href
  );

const started = performance.now();
const provider = adapter.create(await resolve(adapter.module));
const { createByoc, createMemoryStore } = await resolve('@byoc-kit/core');
const byoc = createByoc({ providers: [provider], store: createMemoryStore() });
const cloud = await byoc.create({
  organizationId: 'org',
  displayName: 'Probe',
  reservedCidr: '10.0.0.0/16',
  objectStorage: { enabled: true },
  ...adapter.cloud,
});
const bundle = await provider.generateTemplate(cloud);
const renderMs = performance.now() - started;
if (process.argv.includes('--load-sdk')) for (const sdk of adapter.sdks) await resolve(sdk);
if (!plain) await new Promise((done) => setTimeout(done, 20));
port1.close();
const sdksLoaded = adapter.sdks.filter((sdk) => loaded.some((url) => url.includes(`/node_modules/${sdk}/`)));
console.log(
  JSON.stringify({
    files: bundle.files.length,
    renderMs,
    modules: loaded.length,
    sdkLoaded: sdksLoaded.length > 0,
    sdksLoaded,
  }),
);
