// A vendor backend embedding byoc-kit behind Aiven's custom-cloud-environment API.
//   PORT=8080 BYOC_AWS_VENDOR_PRINCIPAL_ARN=arn:aws:iam::111122223333:role/byoc-vendor npx tsx src/main.ts
// With BYOC_POSTGRES_URL it runs as in production (PostgreSQL, pg-boss, a worker); start as many
// replicas as you like on one database.
import type { AddressInfo } from 'node:net';
import { createByoc } from '@byoc-kit/core';
import { openBacking } from './backing.js';
import { providersFromEnvironment } from './providers.js';
import { createVendorServer } from './server.js';

const providers = providersFromEnvironment();
if (providers.length === 0) {
  console.error('Set BYOC_AWS_VENDOR_PRINCIPAL_ARN, BYOC_GCP_VENDOR_PRINCIPAL, or BYOC_AZURE_REQUEST_URL and BYOC_AZURE_REQUEST_SECRET.');
  process.exit(1);
}
const backing = await openBacking();
const byoc = createByoc({
  providers,
  store: backing.store,
  jobs: backing.jobs,
  onBackgroundError: (error) => console.error('vendor backend: background work failed', error),
  // Self-registration tokens, signed with BYOC_REGISTRATION_SECRET (32+ characters; several, comma-separated, newest first).
  ...(process.env.BYOC_REGISTRATION_SECRET ? { registration: { secrets: process.env.BYOC_REGISTRATION_SECRET.split(',') } } : {}),
});
const worker = await byoc.startWorker();
const server = createVendorServer(byoc, { onboarding: { providers } });
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(
    `byoc-kit vendor backend on http://${address}:${port}/v1/organization/{organization_id}/custom-cloud-environments (${backing.description})`,
  );
  console.log(`a customer's onboarding page: http://${address}:${port}/onboarding/{organization_id}`);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close();
    worker
      .stop()
      .then(() => backing.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('vendor backend: shutdown failed', error);
          process.exit(1);
        },
      );
  });
}
