import { setupTestServer } from '@byoc-kit/core/testing';
import { HttpResponse, http } from 'msw';
import { allowedPermissions, answerSimulation, type SimulatedPermissions } from './iam-simulation-stand-in.js';

// Bodies shaped exactly like STS's Query-protocol XML (AssumeRoleResponse,
// GetCallerIdentityResponse, ErrorResponse), as documented in the STS API reference.

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An AssumeRole success for a role, with temporary credentials. */
export function assumeRoleXml(roleArn: string, sessionName: string, accessKeyId = 'ASIAIOSFODNN7EXAMPLE'): string {
  const [, , , , account, resource] = roleArn.split(':');
  const roleName = (resource ?? '').split('/').at(-1);
  const partition = roleArn.split(':')[1];
  return `<AssumeRoleResponse xmlns="${namespace}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${sessionName}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==</SessionToken>
      <Expiration>2026-11-22T14:00:00Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;
}

/** A GetCallerIdentity success. */
export function callerIdentityXml(account: string, arn: string): string {
  return `<GetCallerIdentityResponse xmlns="${namespace}">
  <GetCallerIdentityResult>
    <Arn>${arn}</Arn>
    <UserId>AROA3XFRBF535PLBIFPI4:byoc</UserId>
    <Account>${account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>`;
}

/** An STS ErrorResponse. */
export function stsErrorXml(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return `<ErrorResponse xmlns="${namespace}">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>4f5ea6d4-4e1a-4c5f-9f7a-2c9d1e0b8a11</RequestId>
</ErrorResponse>`;
}

/** The errors the tests send, with the HTTP status STS sends them with. */
export const stsErrors = {
  accessDenied: (roleArn: string) =>
    xml(
      stsErrorXml(
        'AccessDenied',
        `User: arn:aws:iam::111122223333:role/vendor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      ),
      403,
    ),
  throttling: () => xml(stsErrorXml('Throttling', 'Rate exceeded'), 400),
  regionDisabled: () => xml(stsErrorXml('RegionDisabledException', 'STS is not activated in this region for account:111122223333.'), 403),
  invalidClientToken: () => xml(stsErrorXml('InvalidClientTokenId', 'The security token included in the request is invalid.'), 403),
  signatureMismatch: () =>
    xml(
      stsErrorXml(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      ),
      403,
    ),
  internalFailure: () => xml(stsErrorXml('InternalFailure', 'An internal error occurred.', 'Receiver'), 500),
};

/** An XML response as STS sends it. */
export function xml(body: string, status = 200): HttpResponse<string> {
  return new HttpResponse(body, {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': '4f5ea6d4-4e1a-4c5f-9f7a-2c9d1e0b8a11' },
  });
}

/** One STS request as the handler saw it: its form fields and the key that signed it. */
export interface StsCall {
  readonly action: string;
  readonly form: URLSearchParams;
  readonly accessKeyId: string | undefined;
}

/** An msw handler for every regional STS endpoint that answers with `respond`. */
export function stsHandler(respond: (call: StsCall) => HttpResponse<string> | Promise<HttpResponse<string>>) {
  return http.post(/^https:\/\/sts\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/$/, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const accessKeyId = /Credential=([A-Z0-9]+)\//.exec(request.headers.get('authorization') ?? '')?.[1];
    return respond({ action: form.get('Action') ?? '', form, accessKeyId });
  });
}

/**
 * The msw server of AWS's tests: STS as each test arranges it, and IAM answering the permission
 * check (the role simulating its own policies) with everything allowed unless a test says otherwise.
 */
export function setupAwsTestServer() {
  return setupTestServer(iamSimulationHandler());
}

/**
 * IAM's SimulatePrincipalPolicy at its global endpoint, answered as the loopback stand-in answers
 * it (the role simulating itself); `permissions` holds what the role is denied. Default: all allowed.
 */
export function iamSimulationHandler(permissions: SimulatedPermissions = allowedPermissions()) {
  return http.post(/^https:\/\/iam\.([a-z0-9-]+\.)?amazonaws\.com(\.cn)?\/$/, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const answer = answerSimulation(form, form.get('PolicySourceArn') ?? undefined, () => permissions);
    return xml(answer.body, answer.status);
  });
}
