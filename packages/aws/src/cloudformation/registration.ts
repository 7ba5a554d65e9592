import type { ResolvedAwsSettings } from '../settings.js';
import { getAtt, iamBoundary, iamPlacement, prefixedName, ref, sub } from './intrinsics.js';

/**
 * The inline function of the registration custom resource (Node.js 20, no dependencies). On Create
 * it posts `{ roleArn, stackId, token }` to the vendor's callback and answers CloudFormation with
 * the vendor's verdict: a refusal fails the stack with the vendor's message. Update and Delete
 * answer success without calling home: a token registers one stack once, and deleting the stack
 * owes the vendor nothing.
 */
export const registrationFunctionSource = `'use strict';
const http = require('http');
const https = require('https');

function send(url, method, body) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const data = Buffer.from(body);
    const headers = { 'content-length': data.length };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const request = (target.protocol === 'http:' ? http : https).request(target, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    request.on('error', reject);
    request.setTimeout(20000, () => request.destroy(new Error('no answer in 20 s')));
    request.end(data);
  });
}

function vendorMessage(text) {
  try {
    const body = JSON.parse(text);
    const error = body.error || body;
    const code = error.code || (Array.isArray(body.errors) && body.errors[0] && body.errors[0].code);
    if (error && error.message) return (code ? code + ': ' : '') + error.message;
  } catch (ignored) {}
  return text || 'no message';
}

exports.handler = async (event) => {
  let status = 'SUCCESS';
  let reason = event.RequestType === 'Create' ? 'Registered with the vendor.' : 'Nothing to do: the stack registered when it was created.';
  if (event.RequestType === 'Create') {
    const properties = event.ResourceProperties;
    try {
      const answer = await send(properties.CallbackUrl, 'POST', JSON.stringify({ roleArn: properties.RoleArn, stackId: event.StackId, token: properties.Token }));
      if (answer.status < 200 || answer.status > 299) {
        status = 'FAILED';
        reason = 'The vendor refused the registration (' + answer.status + '): ' + vendorMessage(answer.text);
      }
    } catch (error) {
      status = 'FAILED';
      reason = 'The vendor could not be reached: ' + error.message;
    }
  }
  await send(event.ResponseURL, 'PUT', JSON.stringify({
    Status: status,
    Reason: reason.slice(0, 1000),
    PhysicalResourceId: event.PhysicalResourceId || event.StackId + '/' + event.LogicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  }));
};
`;

/**
 * What self-registration adds to the CloudFormation template: the `RegistrationToken` parameter
 * (no echo; empty turns registration off), the function with a role that may only write its own
 * logs, and the custom resource that runs it once the vendor's role exists.
 */
export function registrationTemplateParts(
  settings: ResolvedAwsSettings,
  /** The logical id of the role the vendor uses, and the resources to create before registering. */
  { accessRole, dependsOn }: { accessRole: string; dependsOn: readonly string[] },
) {
  const callbackUrl = settings.selfRegistration?.callbackUrl;
  if (callbackUrl === undefined) return { parameters: {}, conditions: {}, resources: {} };
  const functionName = prefixedName('registration');
  const logGroup = sub(
    `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${ResourcePrefix}-\${ShortId}-registration:*`,
    {
      ShortId: { 'Fn::Select': [0, { 'Fn::Split': ['-', ref('CustomCloudId')] }] },
    },
  );
  return {
    parameters: {
      RegistrationToken: {
        Type: 'String',
        NoEcho: true,
        Default: '',
        Description:
          "The vendor's one-time registration token; the stack registers its role with the vendor. Empty: give the role ARN by hand.",
      },
    },
    conditions: { SelfRegistration: { 'Fn::Not': [{ 'Fn::Equals': [ref('RegistrationToken'), ''] }] } },
    resources: {
      RegistrationFunctionRole: {
        Type: 'AWS::IAM::Role',
        Condition: 'SelfRegistration',
        Properties: {
          // Your organization's guardrails hold for this role too: its path and boundary.
          ...iamPlacement,
          ...iamBoundary,
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [
            {
              PolicyName: 'own-logs-only',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: logGroup },
                ],
              },
            },
          ],
        },
      },
      RegistrationFunction: {
        Type: 'AWS::Lambda::Function',
        Condition: 'SelfRegistration',
        Properties: {
          FunctionName: functionName,
          Description: 'Registers the role of this stack with the vendor, once.',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Timeout: 60,
          Role: getAtt('RegistrationFunctionRole', 'Arn'),
          Code: { ZipFile: registrationFunctionSource },
        },
      },
      Registration: {
        Type: 'Custom::ByocRegistration',
        Condition: 'SelfRegistration',
        // After every identity and policy of the template, so the vendor can verify the role at once.
        DependsOn: [...dependsOn],
        Properties: {
          ServiceToken: getAtt('RegistrationFunction', 'Arn'),
          CallbackUrl: callbackUrl,
          Token: ref('RegistrationToken'),
          RoleArn: getAtt(accessRole, 'Arn'),
        },
      },
    },
  };
}
