import { ByocError, type TemplateBundle } from '@byoc-kit/core';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { createAwsProvider } from '../provider.js';
import { defaultCloudFormationReadme, defaultTerraformReadme } from './readme-templates.js';

const vendorPrincipalArn = 'arn:aws:iam::111122223333:role/vendor';
const cloud = makeCustomCloud({
  organizationId: 'org',
  displayName: 'Acme *prod* <script>',
  provider: 'aws',
  region: 'eu-north-1',
  reservedCidr: '10.20.0.0/20',
});
function expectByocError(run: () => unknown, code: string): ByocError {
  try {
    run();
  } catch (error) {
    expect(ByocError.isInstance(error) && error.code).toBe(code);
    return error as ByocError;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
const readme = (bundle: TemplateBundle) => bundle.files.find((file) => file.path === 'README.md')?.contents ?? '';

describe('AWS bundle READMEs as eta templates', () => {
  it("uses a vendor's templates and data, for both formats", async () => {
    const aws = createAwsProvider({
      vendorPrincipalArn,
      cloudFormationTemplateUrl: 'https://templates.example.com/byoc.yaml',
      documents: {
        terraformReadme:
          '# <%~ it.vendor.product %> on AWS for <%= it.cloud.displayName %>\n\nHelp: <%~ it.vendor.support %>\n\n3. <%~ it.handBack %>\n',
        cloudFormationReadme: '# <%~ it.vendor.product %>: stack <%~ it.stackName %>\n\n<%~ it.quickCreateUrl %>\n',
        data: { product: 'Acme Data', support: 'https://support.example.com' },
      },
    });
    const terraform = readme(await aws.generateTemplate(cloud, { format: 'terraform' }));
    expect(terraform).toContain('# Acme Data on AWS for Acme \\*prod\\* \\<script\\>');
    expect(terraform).toContain('Help: https://support.example.com');
    expect(terraform).toContain('terraform output -raw');
    const cloudFormation = await aws.generateTemplate(cloud, { format: 'cloudformation' });
    expect(readme(cloudFormation)).toMatch(
      /^# Acme Data: stack cce-[0-9a-f]{8}\n\nhttps:\/\/console\.aws\.amazon\.com\/cloudformation\/home/,
    );
    expect(cloudFormation.instructions).toBe(readme(cloudFormation));
  });

  it('escapes what a user typed for Markdown, in the default templates too', async () => {
    const aws = createAwsProvider({ vendorPrincipalArn });
    for (const format of ['terraform', 'cloudformation'] as const) {
      const text = readme(await aws.generateTemplate(cloud, { format }));
      expect(text).toContain('Custom cloud "Acme \\*prod\\* \\<script\\>" on AWS');
      expect(text).not.toContain('<script>');
    }
  });

  it('gives the default templates back unchanged when a vendor passes them as its own', async () => {
    const builtIn = createAwsProvider({ vendorPrincipalArn });
    const given = createAwsProvider({
      vendorPrincipalArn,
      documents: { terraformReadme: defaultTerraformReadme, cloudFormationReadme: defaultCloudFormationReadme },
    });
    for (const format of ['terraform', 'cloudformation'] as const) {
      expect(readme(await given.generateTemplate(cloud, { format }))).toBe(readme(await builtIn.generateTemplate(cloud, { format })));
    }
  });

  it('refuses a template that does not compile when the provider is created', () => {
    const error = expectByocError(
      () => createAwsProvider({ vendorPrincipalArn, documents: { terraformReadme: '# <%= it.cloud.displayName' } }),
      'DOCUMENT_TEMPLATE_INVALID',
    );
    expect(error.message).toContain('Terraform README');
    expect(error.details).toEqual({ document: 'Terraform README' });
  });

  it('answers a template that fails while rendering with the same code, and renders nothing', async () => {
    const aws = createAwsProvider({ vendorPrincipalArn, documents: { cloudFormationReadme: '<%~ it.vendor.missing.name %>' } });
    await expect(aws.generateTemplate(cloud, { format: 'cloudformation' })).rejects.toMatchObject({
      code: 'DOCUMENT_TEMPLATE_INVALID',
      details: { document: 'CloudFormation README' },
    });
  });

  it('refuses unknown document keys and templates that are not text', () => {
    expectByocError(() => createAwsProvider({ vendorPrincipalArn, documents: { readme: '#' } as never }), 'AWS_SETTINGS_INVALID');
    expectByocError(() => createAwsProvider({ vendorPrincipalArn, documents: { terraformReadme: 42 } as never }), 'AWS_SETTINGS_INVALID');
  });
});

describe("the customer's audit queries in the README", () => {
  it.each(['terraform', 'cloudformation'] as const)(
    'name the role the %s template creates, in the console filter and both queries',
    async (format) => {
      const aws = createAwsProvider({ vendorPrincipalArn });
      const text = readme(await aws.generateTemplate(cloud, { format }));
      const role = `cce-${cloud.id.slice(0, 8)}-iam-role`;
      expect(text).toContain('## What the vendor does in your account');
      expect(text).toContain(`*User name* \`byoc-${cloud.id}\``);
      expect(text).toContain(`useridentity.sessioncontext.sessionissuer.arn LIKE '%:role/%${role}%'`);
      expect(text).toContain(`userIdentity.sessionContext.sessionIssuer.userName LIKE '%${role}%'`);
      expect(text).toContain("The role's trust refuses a session without one");
    },
  );

  it('is left out when the blueprint asks no attribution of the role', async () => {
    const { defaultAwsBlueprint } = await import('../blueprint/default.js');
    const blueprint = structuredClone(defaultAwsBlueprint) as unknown as {
      identities: { kind: string; trust?: { sourceIdentity?: string } }[];
    };
    for (const identity of blueprint.identities)
      if (identity.kind === 'crossAccountRole' && identity.trust) identity.trust.sourceIdentity = 'off';
    const aws = createAwsProvider({ vendorPrincipalArn, blueprint: blueprint as never });
    expect(readme(await aws.generateTemplate(cloud))).not.toContain('What the vendor does in your account');
  });
});
