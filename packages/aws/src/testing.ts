/**
 * `@byoc-kit/aws/testing`: what a vendor's own tests need to check AWS bundles offline, and a
 * loopback stand-in for STS that plays customer accounts.
 */
export { awsOfflineProviderOverride } from './testing/offline-provider.js';
export { type StandInCall, type StandInRole, type StsStandIn, type StsStandInOptions, startStsStandIn } from './testing/sts-stand-in.js';
