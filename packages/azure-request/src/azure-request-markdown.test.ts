import { thrownCode } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { azureAccess } from './azure-ids.js';
import { createAzureRequestProvider } from './azure-provider.js';
import { defaultAzureRequestMarkdown } from './azure-request-markdown.js';
import { azureCloud, subscriptionId, tenantId } from './azure-test-fixtures.js';

const transport = async () => ({});
const cloud = {
  ...azureCloud(),
  displayName: 'Contoso _prod_ [link](https://evil.example)',
  state: 'validating' as const,
  access: azureAccess({ tenantId, subscriptionId }),
};
const requestMd = async (provider: ReturnType<typeof createAzureRequestProvider>) =>
  (await provider.generateTemplate(cloud)).files.find((file) => file.path === 'request.md')?.contents ?? '';

describe('request.md as an eta template', () => {
  it("uses the vendor's template and data", async () => {
    const azure = createAzureRequestProvider({
      transport,
      documents: {
        requestMarkdown:
          '# <%~ it.vendor.team %>: <%= it.cloud.displayName %>\n<% for (const [label, value] of it.rows) { %>\n* <%~ label %>: <%~ value %><% } %>\n',
        data: { team: 'Platform on-call' },
      },
    });
    const text = await requestMd(azure);
    expect(text.split('\n')[0]).toBe('# Platform on-call: Contoso \\_prod\\_ \\[link\\]\\(https://evil.example\\)');
    expect(text).toContain(`* Tenant: \`${tenantId}\``);
  });

  it('escapes the display name and contacts in the default template, and a copy of it renders the same', async () => {
    const builtIn = await requestMd(createAzureRequestProvider({ transport }));
    expect(builtIn).toContain('# Azure custom cloud request: Contoso \\_prod\\_ \\[link\\]');
    expect(builtIn).not.toContain('[link](');
    expect(await requestMd(createAzureRequestProvider({ transport, documents: { requestMarkdown: defaultAzureRequestMarkdown } }))).toBe(
      builtIn,
    );
  });

  it('refuses a template that does not compile, and unknown document keys', () => {
    expect(thrownCode(() => createAzureRequestProvider({ transport, documents: { requestMarkdown: '<% if (' } }))).toBe(
      'DOCUMENT_TEMPLATE_INVALID',
    );
    expect(thrownCode(() => createAzureRequestProvider({ transport, documents: { markdown: '#' } as never }))).toBe(
      'AZURE_SETTINGS_INVALID',
    );
  });
});
