/**
 * `@byoc-kit/aws/testing`: what a vendor's own tests need to check AWS bundles offline.
 */
export { awsOfflineProviderOverride } from './aws-offline-provider.js';
