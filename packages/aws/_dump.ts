import { mkdirSync, writeFileSync } from 'node:fs';
import { makeCustomCloud } from '@byoc-kit/core/testing';
import { createAwsProvider } from './src/index.js';

const out = process.argv[2] as string;
const providers = {
  plain: createAwsProvider({ vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' }),
  extra: createAwsProvider({
    vendorPrincipalArn: 'arn:aws-cn:iam::111122223333:root',
    resourcePrefix: 'acme-x',
    cloudFormationTemplateUrl: 'https://v.example/t.yaml',
    extraVendorStatements: [
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: ['arn:aws:ssm:*:*:parameter/a/*'],
        Condition: { StringEquals: { 'aws:x': 'y' } },
      },
    ],
  }),
};
for (const [pname, p] of Object.entries(providers))
  for (const model of ['standard', 'standard_public'] as const)
    for (const storage of [true, false])
      for (const format of ['terraform', 'cloudformation'] as const) {
        const cloud = makeCustomCloud({
          organizationId: 'o',
          displayName: 'Név ${x} "q"',
          provider: 'aws',
          region: 'cn-north-1'.startsWith('x') ? 'x' : 'eu-west-1',
          reservedCidr: '10.1.0.0/16',
          deploymentModel: model,
          objectStorage: { enabled: storage },
          tags: { a: 'b' },
        });
        const bundle = await p.generateTemplate(cloud, { format });
        const dir = `${out}/${pname}-${model}-${storage}-${format}`;
        mkdirSync(dir, { recursive: true });
        for (const f of bundle.files) writeFileSync(`${dir}/${f.path}`, f.contents);
        writeFileSync(`${dir}/_meta.json`, JSON.stringify({ outputs: bundle.outputs, warnings: bundle.warnings }, null, 1));
      }
