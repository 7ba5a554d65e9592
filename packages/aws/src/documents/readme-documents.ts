import type { CustomCloud } from '@byoc-kit/core';
import { compileDocumentOr, type DocumentRenderer } from '@byoc-kit/core/provider-utils';
import { defaultCloudFormationReadme, defaultTerraformReadme } from './readme-templates.js';

// The customer documents as settings see them: what a vendor's templates receive, and their
// compilation. Rendering a bundle's README (bundle-readme.ts) needs the plan; settings do not.

/**
 * What a bundle README template receives as `it`. Strings named for Markdown (`creates`, `naming`,
 * `credentials`, `handBack`) are prepared by byoc-kit and written raw (`<%~ %>`); the cloud's own
 * text (its display name) and the parameters' descriptions are written escaped (`<%= %>`).
 */
export interface AwsReadmeData {
  readonly format: 'terraform' | 'cloudformation';
  readonly cloud: CustomCloud;
  /** One Markdown line per thing the template creates: network, bucket, then each identity's summary. */
  readonly creates: readonly string[];
  /** How the resources are named and tagged. */
  readonly naming: string;
  /** Which AWS credentials apply the template. */
  readonly credentials: string;
  /** Blueprint parameters the vendor left for the customer to fill in. */
  readonly missingParameters: readonly { readonly name: string; readonly description: string }[];
  /** The step that hands the access back, and what the vendor does with it (Markdown, indented for a list item). */
  readonly handBack: string;
  /** CloudFormation: the stack name the commands use. */
  readonly stackName?: string | undefined;
  /** CloudFormation: the quick-create link, when the vendor hosts the template. */
  readonly quickCreateUrl?: string | undefined;
  /** The template's version, and the stack tag that records it (`<prefix>-template-version`). */
  readonly templateVersion: { readonly version: string; readonly tagKey: string };
  /** CloudFormation: whether the stack keeps a bucket after deletion. */
  readonly bucketRetained: boolean;
  /** Markdown: how the customer audits the vendor's sessions in CloudTrail (empty when the trust asks for no attribution). */
  readonly auditTrail: string;
  /** The vendor's own values from `documents.data` (its name, support links, ...). */
  readonly vendor: Readonly<Record<string, unknown>>;
}

/** The customer documents of the AWS bundles: a vendor's eta templates, or byoc-kit's. */
export interface AwsDocumentSettings {
  /** README.md of the Terraform bundle, an eta template receiving `AwsReadmeData` as `it`. */
  terraformReadme?: string;
  /** README.md of the CloudFormation bundle, an eta template receiving `AwsReadmeData` as `it`. */
  cloudFormationReadme?: string;
  /** Values the templates read as `it.vendor`. */
  data?: Record<string, unknown>;
}

/** The compiled README templates of one provider. */
export interface AwsDocuments {
  readonly terraformReadme: DocumentRenderer<AwsReadmeData>;
  readonly cloudFormationReadme: DocumentRenderer<AwsReadmeData>;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Compiles a vendor's templates now (a bad one fails the settings); byoc-kit's on first render. */
export function compileAwsDocuments(settings: AwsDocumentSettings | undefined): AwsDocuments {
  return {
    terraformReadme: compileDocumentOr('Terraform README', settings?.terraformReadme, defaultTerraformReadme),
    cloudFormationReadme: compileDocumentOr('CloudFormation README', settings?.cloudFormationReadme, defaultCloudFormationReadme),
    data: { ...settings?.data },
  };
}
