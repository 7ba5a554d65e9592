output "aws_iam_role_arn" {
  description = "Give this ARN to the vendor: the role it assumes, with the external ID, to run the custom cloud."
  value       = aws_iam_role.vendor.arn
}

output "vpc_id" {
  description = "The custom cloud's VPC."
  value       = aws_vpc.this.id
}

output "subnet_ids" {
  description = "Subnet ids by subnet name."
  value       = { for key, subnet in aws_subnet.this : key => subnet.id }
}

output "node_instance_profile_arn" {
  description = "Instance profile of the service nodes."
  value       = aws_iam_instance_profile.node.arn
}

output "bucket_name" {
  description = "The custom cloud's bucket, when object storage is on."
  value       = var.object_storage_enabled ? aws_s3_bucket.this[0].bucket : null
}

output "template_version" {
  description = "The version of this template: a digest of what it grants and creates. The vendor compares it with its current template to offer upgrades."
  value       = "tv1-5a82c395957b7b5e"
}
