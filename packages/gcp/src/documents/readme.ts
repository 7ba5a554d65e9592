import type { CustomCloud } from '@byoc-kit/core';
import { compileDocumentOr, type DocumentRenderer } from '@byoc-kit/core/provider-utils';

/**
 * What the Terraform README template receives as `it`. `creates` lines are Markdown byoc-kit
 * prepared (written raw, `<%~ %>`); the cloud's display name is the customer's text (written
 * escaped, `<%= %>`).
 */
export interface GcpReadmeData {
  readonly cloud: CustomCloud;
  /** One Markdown line per thing the template creates: APIs, network, bucket, each service account. */
  readonly creates: readonly string[];
  /** The Terraform output naming the service account the customer returns. */
  readonly accessOutput: string;
  /** The vendor's principal, which impersonates the service account. */
  readonly vendorPrincipal: string;
  /** The vendor's own values from `documents.data`. */
  readonly vendor: Readonly<Record<string, unknown>>;
}

/** The customer documents of the GCP bundle: a vendor's eta template, or byoc-kit's. */
export interface GcpDocumentSettings {
  /** README.md of the Terraform bundle, an eta template receiving `GcpReadmeData` as `it`. */
  terraformReadme?: string;
  /** Values the template reads as `it.vendor`. */
  data?: Record<string, unknown>;
}

/** The default README.md of the GCP Terraform bundle, an eta template. */
export const defaultGcpTerraformReadme = `# Custom cloud "<%= it.cloud.displayName %>" on Google Cloud

This Terraform configuration creates, in your Google Cloud project and region \`<%~ it.cloud.region %>\`, what the
vendor needs to run custom cloud \`<%~ it.cloud.id %>\`:

<%~ it.creates.map((line) => \`- \${line}\`).join('\\n') %>

## Steps

1. Authenticate with an account that can enable APIs and manage IAM in the project (\`gcloud auth application-default login\`).
2. In this folder, run, with your project id:

   \`\`\`sh
   terraform init
   terraform apply -var="project_id=YOUR_PROJECT_ID"
   \`\`\`

   \`terraform.tfvars.json\` holds this custom cloud's values; Terraform reads it by itself.
3. Give the vendor the service account:

   \`\`\`sh
   terraform output -raw <%~ it.accessOutput %>
   \`\`\`

Google Cloud takes about two minutes, at most seven, to make new IAM grants effective; the vendor's
verification waits for them.

## What the vendor does in your project

The vendor acts only by impersonating the service account, with tokens of ten minutes at most. In Cloud Audit
Logs (Logs Explorer of your project), its calls are those of the service account made on behalf of the vendor's
principal:

\`\`\`
protoPayload.authenticationInfo.serviceAccountDelegationInfo.firstPartyPrincipal.principalEmail="<%~ it.vendorPrincipal %>"
\`\`\`

Each token it mints is a \`GenerateAccessToken\` call on the service account (a Data Access log of the IAM Service
Account Credentials API, which you turn on under IAM & Admin, Audit Logs):

\`\`\`
protoPayload.serviceName="iamcredentials.googleapis.com"
protoPayload.methodName="GenerateAccessToken"
protoPayload.authenticationInfo.principalEmail="<%~ it.vendorPrincipal %>"
\`\`\`

Every call the vendor makes with a token also sends an \`X-Goog-Request-Reason\` header naming this custom cloud, the
person or job at the vendor who acted, and why (\`byoc-kit custom-cloud=<%~ it.cloud.id %> actor=... purpose=...\`);
Google keeps that reason in the audit logs of the services that support it, not of every API.

## Later: removing the custom cloud

Once the vendor has deleted the custom cloud, remove its resources:

\`\`\`sh
terraform destroy -var="project_id=YOUR_PROJECT_ID"
\`\`\`
`;

/** Compiles a vendor's template now (a bad one fails the settings); byoc-kit's on first render. */
export function compileGcpDocuments(settings: GcpDocumentSettings | undefined): {
  readonly terraformReadme: DocumentRenderer<GcpReadmeData>;
  readonly data: Readonly<Record<string, unknown>>;
} {
  return {
    terraformReadme: compileDocumentOr('Terraform README', settings?.terraformReadme, defaultGcpTerraformReadme),
    data: { ...settings?.data },
  };
}
