import { createAwsProvider } from '@byoc-kit/aws';
import { createAzureProvider } from '@byoc-kit/azure';
import { createAzureRequestProvider } from '@byoc-kit/azure-request';
import type { CloudProviderV1 } from '@byoc-kit/core';
import { createGcpProvider } from '@byoc-kit/gcp';

/**
 * The clouds this backend offers, from its environment: AWS with `BYOC_AWS_VENDOR_PRINCIPAL_ARN`,
 * GCP with `BYOC_GCP_VENDOR_PRINCIPAL`, Azure through Lighthouse with `BYOC_AZURE_MANAGING_TENANT_ID`
 * and `BYOC_AZURE_VENDOR_PRINCIPAL_ID` (`BYOC_AZURE_TEMPLATE_URL`: a "Deploy to Azure" link), else
 * as a request to the vendor's team with `BYOC_AZURE_REQUEST_URL` and `BYOC_AZURE_REQUEST_SECRET`.
 * The AWS, Google and Azure SDKs find the vendor's own credentials as usual.
 * With `BYOC_REGISTRATION_CALLBACK_URL` (this backend's public https URL of `/v1/byoc-kit/registrations`),
 * AWS CloudFormation stacks register their role themselves. With `BYOC_AWS_TEMPLATE_URL` (where the vendor
 * hosts the CloudFormation template, an S3 https URL), bundles carry a quick-create link.
 */
export function providersFromEnvironment(environment: NodeJS.ProcessEnv = process.env): CloudProviderV1[] {
  const providers: CloudProviderV1[] = [];
  if (environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN) {
    const callbackUrl = environment.BYOC_REGISTRATION_CALLBACK_URL;
    const templateUrl = environment.BYOC_AWS_TEMPLATE_URL;
    providers.push(
      createAwsProvider({
        vendorPrincipalArn: environment.BYOC_AWS_VENDOR_PRINCIPAL_ARN,
        ...(callbackUrl ? { selfRegistration: { callbackUrl } } : {}),
        ...(templateUrl ? { cloudFormationTemplateUrl: templateUrl } : {}),
      }),
    );
  }
  if (environment.BYOC_GCP_VENDOR_PRINCIPAL) providers.push(createGcpProvider({ vendorPrincipal: environment.BYOC_GCP_VENDOR_PRINCIPAL }));
  if (environment.BYOC_AZURE_MANAGING_TENANT_ID && environment.BYOC_AZURE_VENDOR_PRINCIPAL_ID) {
    const templateUrl = environment.BYOC_AZURE_TEMPLATE_URL;
    providers.push(
      createAzureProvider({
        managingTenantId: environment.BYOC_AZURE_MANAGING_TENANT_ID,
        vendorPrincipalId: environment.BYOC_AZURE_VENDOR_PRINCIPAL_ID,
        ...(templateUrl ? { templateUrl } : {}),
        ...(environment.BYOC_AZURE_ARM_ENDPOINT ? { armEndpoint: environment.BYOC_AZURE_ARM_ENDPOINT } : {}),
      }),
    );
  } else if (environment.BYOC_AZURE_REQUEST_URL && environment.BYOC_AZURE_REQUEST_SECRET) {
    providers.push(
      createAzureRequestProvider({ transport: { url: environment.BYOC_AZURE_REQUEST_URL, secret: environment.BYOC_AZURE_REQUEST_SECRET } }),
    );
  }
  return providers;
}
