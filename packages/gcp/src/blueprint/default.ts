import { defineGcpBlueprint } from './define.js';

/**
 * The default GCP blueprint: the APIs, the network, the bucket when object storage is on, and one
 * privilege-bearing service account with a custom role of the settings' permissions, object admin
 * on the bucket, and Token Creator for the vendor on that account only.
 */
export const defaultGcpBlueprint = defineGcpBlueprint({
  name: 'default',
  network: true,
  bucket: 'optional',
  apis: ['compute.googleapis.com', 'iam.googleapis.com', 'iamcredentials.googleapis.com', 'monitoring.googleapis.com'],
  serviceAccounts: [
    {
      id: 'this',
      displayName: 'Vendor access to custom cloud {shortId}',
      description: 'Impersonated by the vendor to run custom cloud {customCloudId}: {displayName}',
      summary:
        'a service account with a custom role of {permissions} permissions on the project, which the vendor\n  (`{vendorPrincipal}`) may impersonate: it gets Token Creator on that service account only,\n  never on the project.',
      comment: 'The privilege-bearing service account the vendor impersonates.',
      projectRoles: [
        {
          id: 'vendor',
          custom: {
            roleId: 'vendor',
            title: 'Vendor access to custom cloud {shortId}',
            description: 'What the vendor may do in custom cloud {customCloudId}.',
            permissions: 'settings',
          },
        },
      ],
      bucketRoles: [{ id: 'vendor_objects', role: 'roles/storage.objectAdmin' }],
      impersonation: {
        id: 'vendor_token_creator',
        comment: 'The vendor may mint tokens for this service account only: the grant is on the account, never on the project.',
      },
    },
  ],
  access: { serviceAccount: 'this' },
  outputs: [
    {
      name: 'privilege_bearing_service_account_id',
      value: { of: 'id', serviceAccount: 'this' },
      description: 'The service account the vendor impersonates; pass it to provision.',
      terraformDescription: 'Give this to the vendor: the service account it impersonates to run the custom cloud.',
    },
    { name: 'service_account_email', value: { of: 'email', serviceAccount: 'this' }, description: 'Email of the same service account.' },
    {
      name: 'network_id',
      value: { of: 'networkId' },
      description: 'The custom cloud network.',
      terraformDescription: "The custom cloud's network.",
    },
    {
      name: 'subnetwork_ids',
      value: { of: 'subnetworkIds' },
      description: 'Subnetwork ids by name.',
      terraformDescription: 'Subnetwork ids by subnetwork name.',
    },
    {
      name: 'bucket_name',
      value: { of: 'bucketName' },
      description: 'The custom cloud bucket, when object storage is on.',
      terraformDescription: "The custom cloud's bucket, when object storage is on.",
    },
  ],
});
