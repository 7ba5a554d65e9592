// @byoc-kit/azure/testing: the loopback Azure Resource Manager the adapter's tests run against, for
// a vendor's own tests of its backend with Azure.
export { type ArmFault, type ArmStandIn, startArmStandIn } from './testing/arm-stand-in.js';
