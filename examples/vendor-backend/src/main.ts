// A vendor backend embedding byoc-kit: Aiven's custom-cloud-environment routes on a JSON-file store.
//   PORT=8080 BYOC_AWS_VENDOR_PRINCIPAL_ARN=arn:aws:iam::111122223333:role/byoc-vendor npx tsx src/main.ts
import { join } from 'node:path';
import { createAwsProvider } from '@byoc-kit/aws';
import { createAzureRequestProvider } from '@byoc-kit/azure-request';
import { type CloudProviderV1, createByoc, createJsonFileStore } from '@byoc-kit/core';
import { createGcpProvider } from '@byoc-kit/gcp';
import { createVendorServer } from './server.js';

const environment = process.env;
const providers: CloudProviderV1[] = [];
if (environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN)
  providers.push(createAwsProvider({ vendorPrincipalArn: environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN }));
if (environment.BYOC_GCP_VENDOR_PRINCIPAL) providers.push(createGcpProvider({ vendorPrincipal: environment.BYOC_GCP_VENDOR_PRINCIPAL }));
if (environment.BYOC_AZURE_REQUEST_URL && environment.BYOC_AZURE_REQUEST_SECRET) {
  providers.push(
    createAzureRequestProvider({ transport: { url: environment.BYOC_AZURE_REQUEST_URL, secret: environment.BYOC_AZURE_REQUEST_SECRET } }),
  );
}
if (providers.length === 0) {
  console.error('Set BYOC_AWS_VENDOR_PRINCIPAL_ARN, BYOC_GCP_VENDOR_PRINCIPAL, or BYOC_AZURE_REQUEST_URL and BYOC_AZURE_REQUEST_SECRET.');
  process.exit(1);
}
const byoc = createByoc({ providers, store: createJsonFileStore({ path: environment.BYOC_STORE ?? join('.byoc', 'clouds.json') }) });
const port = Number(environment.PORT ?? 8080);
createVendorServer(byoc).listen(port, '127.0.0.1', () =>
  console.log(`byoc-kit vendor backend on http://127.0.0.1:${port}/v1/organization/{org}/custom-cloud-environments`),
);
