/**
 * For tests: an override that lets `terraform plan` run on an AWS bundle with dummy credentials
 * and no AWS call. Never part of a bundle.
 */
export const awsOfflineProviderOverride = `provider "aws" {
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;
