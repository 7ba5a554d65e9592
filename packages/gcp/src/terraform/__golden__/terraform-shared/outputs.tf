output "privilege_bearing_service_account_id" {
  description = "Give this to the vendor: the service account it impersonates to run the custom cloud."
  value       = google_service_account.this.id
}

output "service_account_email" {
  description = "Email of the same service account."
  value       = google_service_account.this.email
}

output "network_id" {
  description = "The custom cloud's network."
  value       = google_compute_network.this.id
}

output "subnetwork_ids" {
  description = "Subnetwork ids by subnetwork name."
  value       = { for key, subnetwork in google_compute_subnetwork.this : key => subnetwork.id }
}

output "bucket_name" {
  description = "The custom cloud's bucket, when object storage is on."
  value       = var.object_storage_enabled ? google_storage_bucket.this[0].name : null
}

output "template_version" {
  description = "The version of this template: a digest of what it grants and creates. The vendor compares it with its current template to offer upgrades."
  value       = "tv1-68b68db4b8310653"
}
