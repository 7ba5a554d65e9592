import { makeCustomCloud, thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createGcpProvider } from '../provider.js';
import { defaultGcpTerraformReadme } from './readme.js';

const vendorPrincipal = 'byoc-vendor@vendor-prod.iam.gserviceaccount.com';
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme `analytics` #1',
  provider: 'gcp',
  region: 'europe-north1',
  reservedCidr: '10.20.0.0/20',
});
const readme = async (provider: ReturnType<typeof createGcpProvider>) =>
  (await provider.generateTemplate(cloud, { format: 'terraform' })).files.find((file) => file.path === 'README.md')?.contents ?? '';

describe('GCP bundle README as an eta template', () => {
  it("uses the vendor's template and data", async () => {
    const gcp = createGcpProvider({
      vendorPrincipal,
      documents: {
        terraformReadme: '# <%= it.cloud.displayName %> with <%~ it.vendor.product %>\n\nterraform output -raw <%~ it.accessOutput %>\n',
        data: { product: 'Acme Data' },
      },
    });
    expect(await readme(gcp)).toBe(
      '# Acme \\`analytics\\` \\#1 with Acme Data\n\nterraform output -raw privilege_bearing_service_account_id\n',
    );
  });

  it('escapes the display name in the default template, and a copy of it renders the same', async () => {
    const builtIn = await readme(createGcpProvider({ vendorPrincipal }));
    expect(builtIn).toContain('# Custom cloud "Acme \\`analytics\\` \\#1" on Google Cloud');
    expect(await readme(createGcpProvider({ vendorPrincipal, documents: { terraformReadme: defaultGcpTerraformReadme } }))).toBe(builtIn);
  });

  it('refuses a template that does not compile', () => {
    expect(thrownCode(() => createGcpProvider({ vendorPrincipal, documents: { terraformReadme: '<%= it.x' } }))).toBe(
      'DOCUMENT_TEMPLATE_INVALID',
    );
  });
});
