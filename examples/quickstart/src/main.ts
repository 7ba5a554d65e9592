// byoc-kit quickstart: what a vendor's backend does when three customers connect their clouds.
// It creates one custom cloud on AWS, GCP and Azure (in a JSON file, or in PostgreSQL when
// BYOC_POSTGRES_URL is set), prints each subnet plan, writes each template bundle under out/,
// checks the AWS bundle with `terraform validate` when Terraform is installed, then follows the
// AWS customer past the template: a worker verifies the role, the cloud goes active, a health
// check passes, and, in the simulation, the customer deletes the role and the cloud is
// disconnected. No credentials needed: a loopback STS plays the customer's account, unless
// BYOC_QUICKSTART_ROLE_ARN names a real role.
import './node-version.js';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAwsProvider } from '@byoc-kit/aws';
import { createAzureProvider } from '@byoc-kit/azure';
import {
  type Byoc,
  ByocError,
  type CustomCloud,
  createByoc,
  findRegion,
  planSubnets,
  subnetTiersFor,
  type TemplateBundle,
} from '@byoc-kit/core';
import { createGcpProvider } from '@byoc-kit/gcp';
import { openBacking } from './backing.js';
import { awsJourney } from './journey.js';
import { type CustomerAccount, customerAccount } from './simulated-account.js';
import { validateWithTerraform } from './terraform-check.js';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// BYOC_QUICKSTART_OUT lets a test run the quickstart in a folder of its own.
const out = process.env.BYOC_QUICKSTART_OUT ?? join(repository, 'examples', 'quickstart', 'out');
const shown = (path: string) => (path.startsWith(repository) ? relative(repository, path) : path);

// The simulated account answers at once, so short waits between attempts keep the walk-through
// quick; the deadline leaves room for the first call, which loads the AWS SDK, on a busy machine.
const simulated = !process.env.BYOC_QUICKSTART_ROLE_ARN;

// The vendor's settings. These identities are examples: a real vendor puts its own here.
const providers = [
  createAwsProvider({
    vendorPrincipalArn: process.env.BYOC_QUICKSTART_VENDOR_PRINCIPAL_ARN ?? 'arn:aws:iam::111122223333:role/acme-byoc-vendor',
    ...(simulated ? { retry: { initialDelayMs: 200, maxDelayMs: 500, deadlineMs: 10_000 }, requestTimeoutMs: 5_000 } : {}),
  }),
  createGcpProvider({ vendorPrincipal: 'byoc-vendor@acme-vendor-prod.iam.gserviceaccount.com' }),
  // Azure through Lighthouse: the vendor's Microsoft Entra tenant and the group acting for it.
  // (@byoc-kit/azure-request turns Azure into a request to the vendor's team instead.)
  createAzureProvider({
    managingTenantId: '11111111-2222-4333-8444-555555555555',
    vendorPrincipalId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  }),
];

const customers = [
  {
    provider: 'aws',
    region: 'aws-eu-north-1',
    displayName: 'Northwind analytics',
    reservedCidr: '10.20.0.0/20',
    deploymentModel: 'standard',
    objectStorage: { enabled: true },
  },
  {
    provider: 'gcp',
    region: 'google-europe-west1',
    displayName: 'Fabrikam search',
    reservedCidr: '10.40.0.0/22',
    deploymentModel: 'standard',
    objectStorage: { enabled: false },
  },
  {
    provider: 'azure',
    region: 'azure-westeurope',
    displayName: 'Contoso streaming',
    reservedCidr: '172.16.0.0/21',
    deploymentModel: 'standard_public',
    objectStorage: { enabled: true },
  },
] as const;

async function writeBundle(folder: string, bundle: TemplateBundle): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const file of bundle.files) await writeFile(join(folder, file.path), file.contents);
}

function printPlan(cloud: CustomCloud): void {
  const region = findRegion(cloud.provider, cloud.region);
  // GCP subnetworks and Azure subnets are regional (they span the zones); AWS subnets are per zone.
  const zones = cloud.provider === 'gcp' ? [cloud.region] : cloud.provider === 'azure' ? ['regional'] : (region?.zones ?? []).slice(0, 3);
  const plan = planSubnets(cloud.reservedCidr, {
    zones: zones.length > 0 ? zones : ['regional'],
    tiers: subnetTiersFor(cloud.deploymentModel),
    provider: cloud.provider,
  });
  console.log(`  subnet plan of ${cloud.reservedCidr} (${plan.reservedPerSubnet} addresses reserved per subnet on ${cloud.provider}):`);
  for (const subnet of plan.subnets) {
    console.log(
      `    ${subnet.tier.padEnd(8)} ${subnet.zone.padEnd(15)} ${subnet.cidr.padEnd(18)} ${String(subnet.usableAddresses).padStart(6)} usable`,
    );
  }
}

async function main(): Promise<void> {
  await rm(out, { recursive: true, force: true });
  const backing = await openBacking(out, shown);
  const account = await customerAccount();
  const byoc = createByoc({
    providers,
    store: backing.store,
    jobs: backing.jobs,
    // The monitor checks every 2 s in the simulation, so the walk-through sees a disconnection.
    ...(simulated ? { health: { intervalMs: 2_000, failuresBeforeDisconnect: 3, checkDeadlineMs: 1_000 } } : {}),
  });
  try {
    await connect(byoc, account);
  } finally {
    await backing.close();
    await account.close();
  }

  async function connect(byoc: Byoc, account: CustomerAccount): Promise<void> {
    console.log(`byoc-kit quickstart: three customers connect their clouds (store: ${backing.description})\n`);

    const nextSteps: string[] = [];
    for (const customer of customers) {
      const cloud = await byoc.create({
        organizationId: 'org-quickstart',
        ...customer,
        tags: { env: 'prod', customer: customer.displayName.split(' ')[0]?.toLowerCase() ?? 'x' },
        contacts: [{ email: `admin@${customer.displayName.split(' ')[0]?.toLowerCase()}.example`, role: 'admin' }],
      });
      console.log(`${cloud.provider.toUpperCase()}  "${cloud.displayName}"  ${cloud.id}`);
      console.log(
        `  ${cloud.region}, ${cloud.deploymentModel}, object storage ${cloud.objectStorage.enabled ? 'on' : 'off'}, external ID ${cloud.externalId.slice(0, 6)}...`,
      );
      printPlan(cloud);

      const bundle = await byoc.getTemplate(cloud.id);
      const folder = join(out, cloud.provider);
      await writeBundle(folder, bundle);
      console.log(`  ${bundle.format} bundle: ${shown(folder)}/{${bundle.files.map((file) => file.path).join(',')}}`);
      if (cloud.provider === 'aws') {
        const cloudFormation = await byoc.getTemplate(cloud.id, { format: 'cloudformation' });
        await writeBundle(join(out, 'aws-cloudformation'), cloudFormation);
        console.log(
          `  cloudformation bundle: ${shown(join(out, 'aws-cloudformation'))}/{${cloudFormation.files.map((file) => file.path).join(',')}}`,
        );
        const check = await validateWithTerraform(folder);
        if (check.ran) console.log(`  terraform validate: ${check.valid ? check.output : `FAILED\n${check.output}`}`);
        else console.log(`  terraform validate: skipped. ${check.reason}`);
        if (check.ran && !check.valid) process.exitCode = 1;
        nextSteps.push(
          `AWS: the customer runs \`terraform init && terraform apply\` in ${shown(folder)}, then returns \`terraform output -raw aws_iam_role_arn\`; the vendor calls byoc.provision(id, roleArn).`,
        );
      } else if (cloud.provider === 'gcp') {
        nextSteps.push(
          `GCP: the customer runs \`terraform init && terraform apply -var="project_id=..."\` in ${shown(folder)}, then returns \`terraform output -raw privilege_bearing_service_account_id\`; the vendor calls byoc.provision(id, serviceAccount).`,
        );
      } else {
        nextSteps.push(
          `Azure: the customer runs \`az deployment sub create --location ${cloud.region} --template-file azuredeploy.json\` in ${shown(folder)} (or main.bicep), then returns the subscription_id and tenant_id outputs; the vendor calls byoc.provision(id, { tenantId, subscriptionId }), which checks the Lighthouse delegation.`,
        );
      }
      console.log('');
    }

    console.log("Next steps (the customer's part begins here):");
    for (const step of nextSteps) console.log(`  - ${step}`);

    const aws = (await byoc.list({ provider: 'aws' }))[0];
    if (aws) {
      console.log(`\nThe AWS customer goes on: "${aws.displayName}"`);
      await awsJourney(byoc, aws, account);
    }
    console.log('\nState of each custom cloud:');
    for (const cloud of await byoc.list({ organizationId: 'org-quickstart' })) {
      console.log(`  ${cloud.provider.padEnd(6)} ${cloud.id}  ${cloud.state}  "${cloud.displayName}"`);
    }
  }
}

main().catch((error: unknown) => {
  if (ByocError.isInstance(error)) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
});
