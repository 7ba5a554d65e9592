import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Byoc, ByocError, createByoc, createMemoryStore, type TemplateBundle } from '@byoc-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAwsProvider } from '../provider.js';
import { undeclaredReferences } from '../testing/cloudformation-eval.js';
import { serviceUserBlueprint } from '../testing/service-user-blueprint.js';
import { type StsStandIn, startStsStandInForProcess } from '../testing/sts-stand-in.js';
import { registrationFunctionSource } from './registration.js';

// The registration custom resource end to end: its inline function runs in Node with CloudFormation's
// real event shape, posts to a loopback vendor callback that calls acceptRegistration, and answers a
// loopback response URL as CloudFormation's pre-signed S3 URL would take it.

const callbackUrl = 'https://vendor.example.com/byoc/registrations';
const account = '123456789012';
const secrets = [`${'s'.repeat(20)}-registration-secret`];

let sts: StsStandIn;
const servers: Server[] = [];
beforeAll(async () => {
  sts = await startStsStandInForProcess({ unknownRoles: 'deny' });
});
afterAll(async () => {
  await sts.close();
  for (const server of servers) server.close();
});

function provider() {
  return createAwsProvider({
    vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor',
    stsRegion: 'eu-north-1',
    credentials: { accessKeyId: 'AKIAVENDOREXAMPLE000', secretAccessKey: 'vendor-secret' },
    cloudFormationTemplateUrl: 'https://templates.example.com/byoc.yaml',
    selfRegistration: { callbackUrl },
  });
}

const file = (bundle: TemplateBundle, path: string) => bundle.files.find((candidate) => candidate.path === path)?.contents ?? '';
const body = async (request: IncomingMessage) => {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
};

/** A loopback server answering with `handle`; resolves to its URL. */
async function serve(handle: (request: IncomingMessage, text: string) => Promise<{ status: number; body: unknown }>): Promise<string> {
  const server = createServer(async (request, response) => {
    const answer = await handle(request, await body(request));
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The vendor's callback: acceptRegistration, errors as `{ code, message }`, counting calls. */
async function vendorCallback(byoc: Byoc) {
  const calls: unknown[] = [];
  const url = await serve(async (_request, text) => {
    calls.push(JSON.parse(text));
    try {
      return { status: 200, body: await byoc.acceptRegistration(JSON.parse(text)) };
    } catch (error) {
      if (ByocError.isInstance(error)) return { status: 400, body: { code: error.code, message: error.message } };
      throw error;
    }
  });
  return { url, calls };
}

/** CloudFormation's side: the response URL, recording what the function answered. */
async function responseUrl() {
  const answers: { method: string; body: Record<string, string> }[] = [];
  const url = await serve(async (request, text) => {
    answers.push({ method: request.method ?? '', body: JSON.parse(text) });
    return { status: 200, body: {} };
  });
  return { url, answers };
}

/** The inline function, loaded as Lambda loads `index.js` from the template's ZipFile. */
function loadFunction(): { handler: (event: object) => Promise<void> } {
  const folder = mkdtempSync(join(tmpdir(), 'byoc-registration-'));
  writeFileSync(join(folder, 'index.js'), registrationFunctionSource);
  return createRequire(join(folder, 'index.js'))('./index.js');
}

const stackId = `arn:aws:cloudformation:eu-north-1:${account}:stack/cce-registration/5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e`;
function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, string>, responseUrlValue: string) {
  return {
    RequestType: requestType,
    ServiceToken: `arn:aws:lambda:eu-north-1:${account}:function:cce-1234abcd-registration`,
    ResponseURL: responseUrlValue,
    StackId: stackId,
    RequestId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
    LogicalResourceId: 'Registration',
    ResourceType: 'Custom::ByocRegistration',
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: `${stackId}/Registration` }),
    ResourceProperties: { ServiceToken: `arn:aws:lambda:eu-north-1:${account}:function:cce-1234abcd-registration`, ...properties },
  };
}

/** A service with registration on, and a draft AWS cloud. */
async function draftCloud() {
  const byoc = createByoc({ providers: [provider()], store: createMemoryStore(), registration: { secrets } });
  const cloud = await byoc.create({
    organizationId: 'org',
    displayName: 'Registered',
    provider: 'aws',
    region: 'eu-north-1',
    reservedCidr: '10.0.0.0/16',
  });
  return { byoc, cloud };
}

describe('the registration custom resource', () => {
  it('adds a token parameter, a function whose role may only write its own logs, and the custom resource after the IAM resources', async () => {
    const { byoc, cloud } = await draftCloud();
    const bundle = await byoc.getTemplate(cloud.id, { format: 'cloudformation' });
    const template = parse(file(bundle, 'template.yaml'));
    expect(undeclaredReferences(template)).toEqual([]);
    expect(template.Parameters.RegistrationToken).toMatchObject({ Type: 'String', NoEcho: true, Default: '' });
    const role = template.Resources.RegistrationFunctionRole;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const statements = role.Properties.Policies.flatMap(
      (policy: { PolicyDocument: { Statement: unknown[] } }) => policy.PolicyDocument.Statement,
    );
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(statements[0].Resource)).toContain('log-group:/aws/lambda/${ResourcePrefix}-${ShortId}-registration:*');
    expect(template.Resources.RegistrationFunction.Properties.Code.ZipFile).toBe(registrationFunctionSource);
    // After the vendor's role and its unconditional policies; never on a conditional resource (cfn-lint E3005).
    expect(template.Resources.Registration.DependsOn).toEqual(expect.arrayContaining(['VendorRole', 'VendorPolicy1']));
    for (const logicalId of template.Resources.Registration.DependsOn) expect(template.Resources[logicalId].Condition).toBeUndefined();
    expect(template.Resources.Registration.Properties).toMatchObject({ CallbackUrl: callbackUrl, Token: { Ref: 'RegistrationToken' } });
    // The draft cloud's parameters and quick-create link carry a token; a cloud past draft gets none.
    const token = JSON.parse(file(bundle, 'parameters.json')).find(
      (parameter: { ParameterKey: string }) => parameter.ParameterKey === 'RegistrationToken',
    );
    expect(token.ParameterValue).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(bundle.instructions).toContain('param_RegistrationToken=');
    // The link a customer's page offers says the stack registers itself, and carries the same token.
    expect(bundle.applyLink?.registersAccess).toBe(true);
    expect(new URLSearchParams(bundle.applyLink?.url.split('#/stacks/quickcreate?')[1]).get('param_RegistrationToken')).toBe(
      token.ParameterValue,
    );
    // Terraform has no console link.
    expect((await byoc.getTemplate(cloud.id, { format: 'terraform' })).applyLink).toBeUndefined();
  });

  it('registers the role on Create: the cloud goes to validating with nothing pasted, CloudFormation hears SUCCESS', async () => {
    const { byoc, cloud } = await draftCloud();
    const { token } = await byoc.registrationToken(cloud.id);
    const roleArn = `arn:aws:iam::${account}:role/cce-${cloud.id.slice(0, 8)}-iam-role`;
    sts.role(roleArn).trust(cloud.externalId);
    const vendor = await vendorCallback(byoc);
    const cloudFormation = await responseUrl();
    const { handler } = loadFunction();
    await handler(event('Create', { CallbackUrl: vendor.url, Token: token, RoleArn: roleArn }, cloudFormation.url));
    expect(vendor.calls).toEqual([{ roleArn, stackId, token }]);
    expect((await byoc.get(cloud.id)).state).toBe('validating');
    expect(cloudFormation.answers).toEqual([
      {
        method: 'PUT',
        body: {
          Status: 'SUCCESS',
          Reason: 'Registered with the vendor.',
          PhysicalResourceId: `${stackId}/Registration`,
          StackId: stackId,
          RequestId: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
          LogicalResourceId: 'Registration',
        },
      },
    ]);

    // A stack update or deletion answers SUCCESS without calling home.
    for (const type of ['Update', 'Delete'] as const) {
      await handler(event(type, { CallbackUrl: vendor.url, Token: token, RoleArn: roleArn }, cloudFormation.url));
    }
    expect(vendor.calls).toHaveLength(1);
    expect(cloudFormation.answers.slice(1).map((answer) => answer.body.Status)).toEqual(['SUCCESS', 'SUCCESS']);
  });

  it("fails the stack with the vendor's message when the token is refused, and when the vendor is unreachable", async () => {
    const { byoc, cloud } = await draftCloud();
    const roleArn = `arn:aws:iam::${account}:role/cce-${cloud.id.slice(0, 8)}-iam-role`;
    const vendor = await vendorCallback(byoc);
    const cloudFormation = await responseUrl();
    const { handler } = loadFunction();
    await handler(event('Create', { CallbackUrl: vendor.url, Token: 'forged.token', RoleArn: roleArn }, cloudFormation.url));
    expect(cloudFormation.answers[0]?.body.Status).toBe('FAILED');
    expect(cloudFormation.answers[0]?.body.Reason).toMatch(
      /^The vendor refused the registration \(400\): REGISTRATION_TOKEN_INVALID: The registration token is not one this vendor issued/,
    );
    expect((await byoc.get(cloud.id)).state).toBe('draft');
    await handler(event('Create', { CallbackUrl: 'http://127.0.0.1:9/unreachable', Token: 'x.y', RoleArn: roleArn }, cloudFormation.url));
    expect(cloudFormation.answers[1]?.body).toMatchObject({ Status: 'FAILED' });
    expect(cloudFormation.answers[1]?.body.Reason).toMatch(/^The vendor could not be reached: /);
  });

  it('is refused for a callback that is not https', () => {
    const settings = { vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor' };
    expect(() => createAwsProvider({ ...settings, selfRegistration: { callbackUrl: 'http://vendor.example.com/cb' } })).toThrow(
      expect.objectContaining({ code: 'AWS_SETTINGS_INVALID' }),
    );
  });

  it('is refused for a blueprint whose access identity is not a cross-account role', () => {
    const settings = { vendorPrincipalArn: 'arn:aws:iam::111122223333:role/vendor', blueprint: serviceUserBlueprint };
    // Without self-registration the blueprint is fine; with it, the stack would have no role to post.
    expect(() => createAwsProvider(settings)).not.toThrow();
    let error: unknown;
    try {
      createAwsProvider({ ...settings, selfRegistration: { callbackUrl } });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'AWS_SETTINGS_INVALID' });
    expect((error as Error).message).toContain('hands the vendor a user identity');
  });
});
