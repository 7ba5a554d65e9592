import { type Byoc, createByoc, createMemoryStore } from '@byoc-kit/core';
import { setupTestServer } from '@byoc-kit/core/testing';
import { parse } from '@cdktf/hcl2json';
import { OAuth2Client } from 'google-auth-library';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGcpProvider } from './provider.js';
import { accessTokenResponse, googleErrors, googleHandlers, projectResponse } from './testing/google-responses.js';

// The GCP confused deputy, end to end through the service: the vendor's one principal may impersonate
// every customer's account, so organization B returns organization A's. Google is played by msw
// with its real response shapes; each project's service accounts keep the description their
// template wrote, as Terraform would leave it.

const server = setupTestServer();
const input = { displayName: 'Analytics', provider: 'gcp', region: 'europe-north1', reservedCidr: '10.0.0.0/16' };
const contacts = [{ email: 'admin@acme.example', role: 'Admin' }];

/** Google, with the service accounts of the customers' projects and what their descriptions say. */
function google() {
  const descriptions = new Map<string, string>();
  server.use(
    ...googleHandlers((call) => {
      if (call.api === 'generateAccessToken') return accessTokenResponse();
      if (call.api === 'getServiceAccount') {
        const email = decodeURIComponent(/serviceAccounts\/([^/?]+)$/.exec(call.url)?.[1] ?? '');
        const description = descriptions.get(email);
        if (description === undefined) return googleErrors.notFound();
        return HttpResponse.json({
          name: `projects/${email.split('@')[1]?.split('.')[0]}/serviceAccounts/${email}`,
          email,
          uniqueId: '104857600000000000001',
          description,
        });
      }
      if (call.api === 'testIamPermissions') return HttpResponse.json({ permissions: call.body?.permissions as string[] });
      return projectResponse(/projects\/([^/:?]+)/.exec(call.url)?.[1] ?? 'unknown');
    }),
  );
  return descriptions;
}

function service(): Byoc {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'vendor-source-token', expiry_date: Date.now() + 3_600_000 });
  const gcp = createGcpProvider({
    vendorPrincipal: 'byoc-vendor@vendor-prod.iam.gserviceaccount.com',
    sourceClient: client,
    retry: { initialDelayMs: 5, maxDelayMs: 20, deadlineMs: 500 },
  });
  return createByoc({ providers: [gcp], store: createMemoryStore(), health: { failuresBeforeDisconnect: 2, checkDeadlineMs: 500 } });
}

/** What Terraform leaves as the account's description: main.tf's expression, with the bundle's values. */
async function appliedDescription(byoc: Byoc, id: string): Promise<string> {
  const bundle = await byoc.getTemplate(id);
  const main = (await parse('main.tf', bundle.files.find((file) => file.path === 'main.tf')?.contents ?? '')) as {
    resource: { google_service_account: { this: { description: string }[] } };
  };
  const values = JSON.parse(bundle.files.find((file) => file.path === 'terraform.tfvars.json')?.contents ?? '{}') as Record<string, string>;
  const expression = main.resource.google_service_account.this[0]?.description ?? '';
  const text = /^\$\{substr\("(.*)", 0, 256\)\}$/.exec(expression)?.[1] ?? '';
  return text
    .replaceAll('${var.external_id}', values.external_id as string)
    .replaceAll('${var.custom_cloud_id}', values.custom_cloud_id as string)
    .replaceAll('${var.display_name}', values.display_name as string)
    .slice(0, 256);
}

describe("a GCP service account serves the cloud it was made for, and no other organization's", () => {
  it("refuses organization B's cloud verified with organization A's account, on provision and on reconnect", async () => {
    const descriptions = google();
    const byoc = service();
    const a = byoc.forOrganization('org-a');
    const b = byoc.forOrganization('org-b');
    const ours = await a.create({ ...input, contacts });
    const accountA = 'cce-ours@project-a.iam.gserviceaccount.com';
    descriptions.set(accountA, await appliedDescription(byoc, ours.id));
    const theirs = await b.create({ ...input, contacts });
    const accountB = 'cce-theirs@project-b.iam.gserviceaccount.com';
    descriptions.set(accountB, await appliedDescription(byoc, theirs.id));

    // B returns A's account: refused, B's cloud back in draft with the reason.
    const swapped = await b.provision(theirs.id, accountA);
    expect(swapped.report.error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
    expect(swapped.cloud).toMatchObject({ state: 'draft', errors: [{ code: 'SERVICE_ACCOUNT_NOT_BOUND' }] });
    expect(JSON.stringify(swapped)).not.toContain(ours.externalId);

    // Each with its own account: both verified.
    expect((await a.provision(ours.id, accountA)).report.ok).toBe(true);
    expect((await b.provision(theirs.id, accountB)).report.ok).toBe(true);

    // After a disconnection, B cannot reconnect through A's account either.
    await b.markActive(theirs.id);
    await b.markDisconnected(theirs.id, { code: 'LOST', message: 'Lost.' });
    const reconnected = await b.reconnect(theirs.id, accountA);
    expect(reconnected.report.error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
    expect(reconnected.cloud.state).toBe('disconnected');
  });

  it("disconnects a cloud whose account no longer carries its binding, after the monitor's failed checks", async () => {
    const descriptions = google();
    const byoc = service();
    const org = byoc.forOrganization('org-a');
    const cloud = await org.create({ ...input, contacts });
    const account = 'cce-ours@project-a.iam.gserviceaccount.com';
    descriptions.set(account, await appliedDescription(byoc, cloud.id));
    expect((await org.provision(cloud.id, account)).report.ok).toBe(true);
    await org.markActive(cloud.id);
    expect((await org.checkHealth(cloud.id)).report.ok).toBe(true);

    // Someone rewrote the description with another cloud's binding.
    descriptions.set(account, 'byoc-binding:AnotherCloudsExternalId000000000000 Impersonated by the vendor');
    const first = await org.checkHealth(cloud.id);
    expect(first.report.error?.code).toBe('SERVICE_ACCOUNT_NOT_BOUND');
    expect(first.cloud.state).toBe('active');
    const second = await org.checkHealth(cloud.id);
    expect(second.cloud).toMatchObject({ state: 'disconnected', errors: [{ code: 'SERVICE_ACCOUNT_NOT_BOUND' }] });
  });
});
