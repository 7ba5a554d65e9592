// A vendor backend embedding byoc-kit behind Aiven's custom-cloud-environment API.
//   PORT=8080 BYOC_AWS_VENDOR_PRINCIPAL_ARN=arn:aws:iam::111122223333:role/byoc-vendor npx tsx src/main.ts
// With BYOC_POSTGRES_URL it runs as in production (PostgreSQL, pg-boss, a worker); start as many
// replicas as you like on one database. With OTEL_EXPORTER_OTLP_ENDPOINT it exports OpenTelemetry
// traces and metrics there; the operators' status page is at /status either way.
import type { AddressInfo } from 'node:net';
import { createByoc } from '@byoc-kit/core';
import { createTokenAuthenticator } from './auth/authenticate.js';
import { onboardingLinksFromEnvironment } from './auth/onboarding-links.js';
import { openBacking } from './backing.js';
import { providersFromEnvironment } from './providers.js';
import { createVendorServer } from './server.js';
import { startTelemetry } from './telemetry/telemetry.js';

const providers = providersFromEnvironment();
if (providers.length === 0) {
  console.error(
    'Set BYOC_AWS_VENDOR_PRINCIPAL_ARN, BYOC_GCP_VENDOR_PRINCIPAL, BYOC_AZURE_MANAGING_TENANT_ID and BYOC_AZURE_VENDOR_PRINCIPAL_ID, or BYOC_AZURE_REQUEST_URL and BYOC_AZURE_REQUEST_SECRET.',
  );
  process.exit(1);
}
// First: byoc-kit's spans and metrics go to whichever SDK is registered when they are made.
const telemetry = await startTelemetry();
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
// API tokens (npm run tokens -- create --organization <id>) and, with BYOC_ONBOARDING_SECRET, the customers' page links.
const authenticate = createTokenAuthenticator({ tokens: backing.tokens, onboardingLinks: onboardingLinksFromEnvironment() });
const server = createVendorServer(byoc, { authenticate, onboarding: { providers }, status: { metrics: telemetry.status } });
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(
    `byoc-kit vendor backend on http://${address}:${port}/v1/organization/{organization_id}/custom-cloud-environments (${backing.description})`,
  );
  console.log('callers need a token: npm run tokens -- create --organization <organization id> (sent as Authorization: aivenv1 <token>)');
  console.log(`operators' status page: http://${address}:${port}/status (npm run tokens -- create-operator); ${telemetry.description}`);
  console.log(
    process.env.BYOC_ONBOARDING_SECRET
      ? `a customer's onboarding page: npm run tokens -- onboarding-link --organization <organization id> --origin http://${address}:${port}`
      : 'the onboarding page needs BYOC_ONBOARDING_SECRET (32+ characters) to sign its links',
  );
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
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('vendor backend: shutdown failed', error);
          process.exit(1);
        },
      );
  });
}
