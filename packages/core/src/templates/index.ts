/**
 * What every adapter's templates share, free of any one cloud: the HCL writer, the Terraform variables
 * and provider mirror, the template rules generated from the domain's, template manifests (what a
 * template grants and creates), and the customer documents (eta, Markdown). Imports `domain/` and
 * `errors/`.
 */

export { type HclValue, renderAttributes } from './hcl.js';
export {
  diffTemplates,
  type TemplateChange,
  type TemplateItem,
  type TemplateManifest,
  templateManifestOf,
  whatChangesMarkdown,
} from './template-manifest.js';
export { customCloudIdPattern } from './template-rules.js';
export { findTerraformProviderMirror, terraformMirrorConfig } from './terraform-mirror.js';
