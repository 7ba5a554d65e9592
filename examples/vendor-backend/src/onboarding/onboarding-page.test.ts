import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startArmStandIn } from '@byoc-kit/azure/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBackend, type TestBackend, testVendorTenantId } from '../test-backend.js';
import { browserAvailable, launchChromium, screenshotFolder } from './chromium.js';

// The customer's side of onboarding in a real browser (Debian's chromium through playwright-core),
// against the backend with AWS behind the loopback STS stand-in and a worker verifying in the background.

const organization = 'org-onboarding';
const account = '123456789012';
const templateUrl = 'https://byoc-templates.s3.amazonaws.com/acme/byoc.yaml';
const registration = { secrets: [`${'r'.repeat(24)}-onboarding-secret`] };
const available = browserAvailable();

let browser: Browser;
let backend: TestBackend;
let page: Page;
const shots = available ? screenshotFolder() : '';

beforeAll(async () => {
  if (available) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await page?.close();
  expect(backend.unexpected).toEqual([]);
  await backend.close();
});

/** Opens the page as the customer does, from the link the vendor handed them (`access`: its token, or none). */
async function open(
  options: Parameters<typeof startTestBackend>[0] = {},
  link: { access?: (backend: TestBackend) => string | undefined; ready?: 'true' | 'refused' } = {},
) {
  backend = await startTestBackend(options);
  page = await browser.newPage({ viewport: { width: 900, height: 1300 } });
  // Shorter than the test's own timeout, so a step that cannot happen says which one it was.
  page.setDefaultTimeout(10_000);
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  // A refused input is a 400 the page shows; a missing file or a server fault is a failure of the page.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) failures.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() === 404 || response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });
  const access = link.access ? link.access(backend) : backend.links.issue(organization).token;
  await page.goto(`${backend.origin}/onboarding/${organization}${access === undefined ? '' : `#access=${access}`}`);
  await page.waitForSelector(`body[data-ready=${link.ready ?? 'true'}]`);
  return failures;
}

/** A link signed by the backend that expired a minute ago. */
function expired(backend: TestBackend): string {
  const { token } = backend.links.issue(organization, { ttlMs: 60_000 });
  backend.clock.now += 120_000;
  return token;
}

/** A link of the right shape whose signature the backend never made. */
function forged(backend: TestBackend): string {
  const [payload] = backend.links.issue(organization).token.split('.');
  return `${payload}.${'A'.repeat(43)}`;
}

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
// The rendered text, as the customer reads it (hidden parts left out).
// biome-ignore lint/performance/useDomNodeTextContent: playwright's innerText is the rendered text on purpose
const text = (selector: string) => page.locator(selector).innerText();

/** Fills the form as a customer would: AWS in Stockholm, a private /16, a tag and an Admin contact. */
async function describeCloud(cidr = '10.20.0.0/16') {
  await page.getByLabel('Amazon Web Services').check();
  await page.getByLabel('Region').selectOption('eu-north-1');
  await page.getByLabel('Name of the custom cloud').fill('Acme production');
  await page.getByLabel('VPC address range (CIDR)').fill(cidr);
  await page.getByRole('button', { name: 'Add a tag' }).click();
  await page.getByLabel('Tag 1 key').fill('team');
  await page.getByLabel('Tag 1 value').fill('data');
  await page.getByLabel('Contact 1 email').fill('admin@acme.example');
  await page.getByLabel('Contact 1 name').fill('Ada Admin');
}

async function createdCloudId(): Promise<string> {
  await page.getByRole('button', { name: 'Create the custom cloud' }).click();
  await page.waitForSelector('#apply:not([hidden])');
  return new URL(page.url()).searchParams.get('cloud') as string;
}

async function stateShown(state: string) {
  await page.waitForSelector(`#state[data-state="${state}"]`, { timeout: 15_000 });
}

describe.skipIf(!available)('the onboarding page in chromium', () => {
  it('walks the AWS journey: describe, download Terraform, paste the role, follow the checks, see health once active', async () => {
    const failures = await open();
    await describeCloud();
    await expect.poll(() => text('#cidr-message')).toBe('✓ 10.20.0.0/16: 65,536 addresses.');
    await shot('aws-1-describe');

    const id = await createdCloudId();
    const stored = await backend.byoc.get(id);
    expect(stored).toMatchObject({
      organizationId: organization,
      provider: 'aws',
      region: 'eu-north-1',
      displayName: 'Acme production',
      reservedCidr: '10.20.0.0/16',
      tags: { team: 'data' },
      contacts: [{ email: 'admin@acme.example', realName: 'Ada Admin', role: 'Admin' }],
      state: 'draft',
    });
    // Focus moves once the bundle is shown, a moment after the sections appear.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('apply-title');

    // The download is the bundle byoc-kit renders for this cloud, byte for byte.
    const bundle = await backend.byoc.getTemplate(id, { format: 'terraform' });
    const mainTf = bundle.files.find((file) => file.path === 'main.tf');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download main.tf' }).click()]);
    expect(download.suggestedFilename()).toBe('main.tf');
    expect(readFileSync(await download.path(), 'utf8')).toBe(mainTf?.contents);
    expect(await text('#template-version')).toBe(`Template version ${bundle.templateVersion}`);
    await shot('aws-2-template');

    // A user ARN is refused with the SDK's message, and nothing changes.
    await page.getByLabel('Paste the IAM role ARN the template printed').fill(`arn:aws:iam::${account}:user/ops`);
    await page.getByRole('button', { name: 'Verify access' }).click();
    await expect.poll(() => text('#access-error')).toMatch(/role/i);
    expect(await backend.byoc.get(id)).toEqual(stored);
    await shot('aws-3-refused-identity');

    await page.getByLabel('Paste the IAM role ARN the template printed').fill(`arn:aws:iam::${account}:role/acme-byoc-access`);
    await page.getByRole('button', { name: 'Verify access' }).click();
    await stateShown('creating');
    const checks = await page.locator('#checks li').allInnerTexts();
    expect(checks.length).toBeGreaterThan(1);
    for (const check of checks) expect(check).toMatch(/^✓ /);
    expect(checks.join('\n')).toContain((await backend.byoc.get(id)).lastVerification?.checks[0]?.detail);
    expect(await page.locator('#access-form').isHidden()).toBe(true);
    expect(await text('#access-given')).toBe(`We act through arn:aws:iam::${account}:role/acme-byoc-access.`);
    await shot('aws-4-verified');

    // The vendor builds the cloud; the health monitor's first check shows on the page.
    await backend.byoc.markActive(id);
    await backend.byoc.checkHealth(id);
    await stateShown('active');
    await expect.poll(() => text('#health'), { timeout: 10_000 }).toMatch(/^Health: last check passed at /);
    await shot('aws-5-active');
    expect(failures).toEqual([]);
  });

  it('with self-registration, follows the stack registering its role: the customer pastes nothing', async () => {
    const failures = await open({
      aws: {
        cloudFormationTemplateUrl: templateUrl,
        selfRegistration: { callbackUrl: 'https://vendor.example.com/v1/byoc-kit/registrations' },
      },
      registration,
    });
    await describeCloud();
    const id = await createdCloudId();
    await page.getByLabel('CloudFormation').check();
    await page.waitForSelector('#registration-wait:not([hidden])');
    const link = new URL((await page.getByRole('link', { name: /Open the stack in the AWS console/ }).getAttribute('href')) as string);
    expect(link.host).toBe('console.aws.amazon.com');
    const query = new URLSearchParams(link.hash.split('?')[1]);
    expect(query.get('templateURL')).toBe(templateUrl);
    expect(query.get('stackName')).toBe(`cce-${id.slice(0, 8)}`);
    expect(query.get('param_ReservedCidr')).toBe('10.20.0.0/16');
    await shot('registration-1-quick-create');

    // What the stack's custom resource posts once CloudFormation created the role.
    const roleArn = `arn:aws:iam::${account}:role/cce-${id.slice(0, 8)}-access`;
    const stackId = `arn:aws:cloudformation:eu-north-1:${account}:stack/cce-${id.slice(0, 8)}/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d`;
    const answer = await fetch(`${backend.origin}/v1/byoc-kit/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roleArn, stackId, token: query.get('param_RegistrationToken') }),
    });
    expect(answer.status, await answer.text()).toBe(200);
    await stateShown('creating');
    expect(await page.locator('#access').inputValue()).toBe('');
    expect(await text('#access-given')).toBe(`We act through ${roleArn}.`);
    expect((await backend.byoc.get(id)).access?.identity).toBe(roleArn);
    await shot('registration-2-registered');
    expect(failures).toEqual([]);
  });

  it("shows a refused CIDR's message, suggests a free block, and refuses to create with it, storing nothing", async () => {
    const failures = await open();
    const cidr = page.getByLabel('VPC address range (CIDR)');

    await cidr.fill('8.8.8.0/24');
    await expect.poll(() => text('#cidr-message')).toMatch(/^The reserved CIDR 8\.8\.8\.0\/24 is not inside the RFC 1918 private ranges/);
    expect(await cidr.getAttribute('aria-invalid')).toBe('true');
    expect(await text('#cidr-suggestion')).toBe('Use 10.0.0.0/24, which is free');
    await shot('cidr-1-not-private');

    await cidr.fill('10.0.0.1/16');
    await expect.poll(() => text('#cidr-message')).toContain('Did you mean 10.0.0.0/16?');
    await page.getByRole('button', { name: 'Use 10.0.0.0/16, which is free' }).click();
    await expect.poll(() => text('#cidr-message')).toBe('✓ 10.0.0.0/16: 65,536 addresses.');
    expect(await cidr.inputValue()).toBe('10.0.0.0/16');

    // Markup typed into the field comes back as text.
    await cidr.fill('<img src=x id=injected>');
    await expect.poll(() => text('#cidr-message')).toContain('<img src=x id=injected>');
    expect(await page.locator('#injected').count()).toBe(0);

    // Submitted anyway: the server's message, the field marked and focused, nothing stored.
    await describeCloud('10.0.0.0/8');
    await page.getByRole('button', { name: 'Create the custom cloud' }).click();
    await expect.poll(() => text('#form-error')).toMatch(/\/8; it must be between \/16/);
    expect(await cidr.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cidr');
    expect(await backend.store.list()).toEqual([]);
    await shot('cidr-2-refused-on-create');

    // Another cloud of the organization on the range: a warning, and the next free block.
    await backend.byoc.create({
      organizationId: organization,
      displayName: 'Staging',
      provider: 'aws',
      region: 'eu-north-1',
      reservedCidr: '10.0.0.0/16',
    });
    await cidr.fill('10.0.0.0/16');
    await expect.poll(() => text('#cidr-message')).toContain('overlaps your custom cloud "Staging" (10.0.0.0/16)');
    expect(await text('#cidr-suggestion')).toBe('Use 10.1.0.0/16, which is free');
    expect(failures).toEqual([]);
  });

  it('can be used with the keyboard alone, from the first field to the verification', async () => {
    const failures = await open();
    /** Presses Tab until the element with this id has focus; fails if it is not reachable. */
    const tabTo = async (id: string) => {
      for (let presses = 0; presses < 40; presses++) {
        await page.keyboard.press('Tab');
        if ((await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label'))) === id) return;
      }
      throw new Error(`${id} cannot be reached with Tab`);
    };
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id);

    await tabTo('region');
    const firstRegion = await page.locator('#region').inputValue();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#region').inputValue()).not.toBe(firstRegion);
    await tabTo('display-name');
    await page.keyboard.type('Keyboard cloud');
    await tabTo('cidr');
    await page.keyboard.type('10.30.0.1/16');
    await expect.poll(() => text('#cidr-message')).toContain('Did you mean 10.30.0.0/16?');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('cidr-suggestion');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#cidr').inputValue()).toBe('10.30.0.0/16');
    await tabTo('add-tag');
    await page.keyboard.press('Enter');
    expect(await focusedLabel()).toBe('Tag 1 key');
    await page.keyboard.type('env');
    await page.keyboard.press('Tab');
    await page.keyboard.type('prod');
    await tabTo('Contact 1 email');
    await page.keyboard.type('admin@keyboard.example');
    await tabTo('create');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#apply:not([hidden])');
    await expect.poll(focusedLabel).toBe('apply-title');
    await shot('keyboard-1-created');

    await tabTo('access');
    await page.keyboard.type(`arn:aws:iam::${account}:role/keyboard-access`);
    await page.keyboard.press('Enter');
    await stateShown('creating');
    expect(await focusedLabel()).toBe('state');
    const [cloud] = await backend.store.list();
    expect(cloud).toMatchObject({ displayName: 'Keyboard cloud', reservedCidr: '10.30.0.0/16', tags: { env: 'prod' } });
    expect(cloud?.contacts).toEqual([{ email: 'admin@keyboard.example', role: 'Admin' }]);
    await shot('keyboard-2-verified');
    expect(failures).toEqual([]);
  });

  it.each([
    ['no link', () => undefined, 'This page opens from the link your vendor sent you'],
    ['an expired link', (backend: TestBackend) => expired(backend), 'This link has expired or is not valid'],
    ['a forged link', (backend: TestBackend) => forged(backend), 'This link has expired or is not valid'],
    [
      "another organization's link",
      (backend: TestBackend) => backend.links.issue('org-someone-else').token,
      'does not open this organization',
    ],
  ])('refuses %s: it says why and shows no form, and nothing is created', async (name, access, says) => {
    await open({}, { access, ready: 'refused' });
    expect(await text('#link-error')).toContain(says);
    expect(await page.locator('#cloud-form').isVisible()).toBe(false);
    await shot(`link-refused-${name.replaceAll(' ', '-').replaceAll("'", '')}`);
    expect(await backend.store.list()).toEqual([]);
  });

  it('resumes a cloud from its link after a reload, and shows a failed verification with its checks', async () => {
    const failures = await open();
    await describeCloud();
    const id = await createdCloudId();
    const roleArn = `arn:aws:iam::${account}:role/denied-role`;
    backend.sts.role(roleArn).deny();
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    expect(await text('#created')).toBe(`Custom cloud “Acme production” created (${id}).`);
    await page.getByLabel('Paste the IAM role ARN the template printed').fill(roleArn);
    await page.getByRole('button', { name: 'Verify access' }).click();
    await eventually(async () => ((await backend.byoc.get(id)).lastVerification ? true : undefined), 15_000);
    await expect.poll(() => page.locator('#checks li.error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const stored = await backend.byoc.get(id);
    expect(stored.state).toBe('draft');
    expect(await text('#errors')).toContain(stored.errors[0]?.message);
    expect(await page.locator('#access-form').isVisible()).toBe(true);
    await shot('failed-verification');
    expect(failures).toEqual([]);
  });
  it('walks the Azure journey: the ARM template and its Bicep twin, the subscription and tenant pasted, the delegation verified', async () => {
    const arm = await startArmStandIn({ vendorTenantId: testVendorTenantId });
    try {
      const failures = await open({ azure: arm });
      await page.getByLabel('Microsoft Azure').check();
      await page.getByLabel('Region').selectOption('westeurope');
      await page.getByLabel('Name of the custom cloud').fill('Acme on Azure');
      await page.getByLabel('VPC address range (CIDR)').fill('10.50.0.0/16');
      await page.getByLabel('Contact 1 email').fill('admin@acme.example');
      const id = await createdCloudId();
      expect(await backend.byoc.get(id)).toMatchObject({ provider: 'azure', region: 'westeurope', reservedCidr: '10.50.0.0/16' });
      expect(await page.getByLabel('ARM template and Bicep').isChecked()).toBe(true);
      const bundle = await backend.byoc.getTemplate(id);
      const armJson = bundle.files.find((file) => file.path === 'azuredeploy.json')?.contents as string;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download azuredeploy.json' }).click(),
      ]);
      expect(readFileSync(await download.path(), 'utf8')).toBe(armJson);
      await expect(page.getByRole('link', { name: 'Download main.bicep' }).count()).resolves.toBe(1);
      await shot('azure-1-template');

      // The customer deploys it (az deployment sub create), then pastes the two outputs.
      const subscriptionId = '00000000-0000-4000-8000-0000000000a1';
      const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
      arm.subscription(subscriptionId, tenantId);
      arm.deploy(subscriptionId, JSON.parse(armJson));
      await page.getByLabel('Paste the subscription ID the template printed').fill(subscriptionId);
      await page.getByLabel('and the tenant ID').fill(tenantId);
      await page.getByRole('button', { name: 'Verify access' }).click();
      await stateShown('creating');
      const checks = await page.locator('#checks li').allInnerTexts();
      expect(checks.map((check) => check.slice(0, 2))).toEqual(['✓ ', '✓ ', '✓ ', '✓ ']);
      expect(checks.join('\n')).toContain(`delegates subscription ${subscriptionId}`);
      expect(await text('#access-given')).toBe(`We act through /subscriptions/${subscriptionId}.`);
      await shot('azure-2-verified');
      expect(failures).toEqual([]);
    } finally {
      await arm.close();
    }
  });
});
