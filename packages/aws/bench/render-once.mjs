// Renders one Terraform bundle in this fresh process with the built packages, and reports whether
// @aws-sdk/client-sts was loaded. `--load-sts` imports it on purpose (the probe's control case);
// `--plain` skips the loader hook, for timing.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const plain = process.argv.includes('--plain');
const { port1, port2 } = new MessageChannel();
const loaded = [];
port1.on('message', (url) => loaded.push(url));
if (!plain) register('./record-loads.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const started = performance.now();
const { createAwsProvider } = await import('@byoc-kit/aws');
const { createByoc, createMemoryStore } = await import('@byoc-kit/core');
const aws = createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' });
const byoc = createByoc({ providers: [aws], store: createMemoryStore() });
const cloud = await byoc.create({
  organizationId: 'org',
  displayName: 'Bench',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.0.0.0/16',
  objectStorage: { enabled: true },
});
const bundle = await aws.generateTemplate(cloud);
const renderMs = performance.now() - started;
if (process.argv.includes('--load-sts')) await import('@aws-sdk/client-sts');
if (!plain) await new Promise((resolve) => setTimeout(resolve, 20));
port1.close();
console.log(
  JSON.stringify({
    files: bundle.files.length,
    renderMs,
    modules: loaded.length,
    stsLoaded: loaded.some((url) => url.includes('/@aws-sdk/client-sts/')),
  }),
);
