import { randomBytes } from 'node:crypto';

/**
 * The IAM half of the loopback stand-in: `SimulatePrincipalPolicy` as IAM's Query API answers it
 * (its XML, 100 results a page with `Marker`, `AccessDenied` when a role simulates another), with
 * each role's permissions edited by a test as a customer or an organization would.
 */

const iamNamespace = 'https://iam.amazonaws.com/doc/2010-05-08/';
const pageSize = 100;

/** How IAM decides an action of a role: removed from its policies, denied by a statement, or by an SCP. */
/** How the simulation denies an action: not granted, a Deny statement, an organization's SCP, or outside the role's permissions boundary. */
export type StandInDenial = 'implicit' | 'explicit' | 'scp' | 'boundary';

/** What a role's simulation answers. */
export interface SimulatedPermissions {
  /** Actions the role no longer has, and why. */
  readonly denied: Map<string, StandInDenial>;
  /** The role may not call SimulatePrincipalPolicy at all (an older template, or removed by hand). */
  refused: boolean;
}

/** A new role's simulation: every action allowed. */
export function allowedPermissions(): SimulatedPermissions {
  return { denied: new Map(), refused: false };
}

/** The members of a Query-protocol list: `ActionNames.member.1`, `ActionNames.member.2`, ... */
function members(form: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; form.has(`${name}.member.${index}`); index++) values.push(form.get(`${name}.member.${index}`) as string);
  return values;
}

/**
 * Answers one SimulatePrincipalPolicy call made with the credentials of `callerRoleArn` (undefined
 * for credentials the stand-in never issued).
 */
export function answerSimulation(
  form: URLSearchParams,
  callerRoleArn: string | undefined,
  permissionsOf: (roleArn: string) => SimulatedPermissions,
): { status: number; body: string; roleArn?: string } {
  const source = form.get('PolicySourceArn') ?? '';
  if (callerRoleArn === undefined) {
    return { status: 403, body: iamErrorXml('InvalidClientTokenId', 'The security token included in the request is invalid.') };
  }
  const permissions = permissionsOf(source);
  if (source !== callerRoleArn || permissions.refused) {
    const [partition, account, name] = [callerRoleArn.split(':')[1], callerRoleArn.split(':')[4], callerRoleArn.split('/').at(-1)];
    return {
      status: 403,
      body: iamErrorXml(
        'AccessDenied',
        `User: arn:${partition}:sts::${account}:assumed-role/${name}/byoc is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
      ),
      roleArn: source,
    };
  }
  const actions = members(form, 'ActionNames');
  if (actions.length === 0) return { status: 400, body: iamErrorXml('ValidationError', 'ActionNames must not be empty.'), roleArn: source };
  const resources = members(form, 'ResourceArns');
  const pairs = actions.flatMap((action) => (resources.length === 0 ? ['*'] : resources).map((resource) => ({ action, resource })));
  const start = Number(form.get('Marker') ?? '0');
  const page = pairs.slice(start, start + pageSize);
  const truncated = start + pageSize < pairs.length;
  const results = page
    .map(({ action, resource }) => {
      const denial = permissions.denied.get(action);
      const decision = denial === undefined ? 'allowed' : denial === 'implicit' || denial === 'boundary' ? 'implicitDeny' : 'explicitDeny';
      const matched =
        decision === 'implicitDeny'
          ? '<MatchedStatements/>'
          : `<MatchedStatements>
            <member>
              <SourcePolicyId>${denial === 'scp' ? 'p-examplescp' : 'vendor-policy'}</SourcePolicyId>
              <SourcePolicyType>${denial === 'scp' ? 'none' : 'user-managed'}</SourcePolicyType>
              <StartPosition><Line>1</Line><Column>1</Column></StartPosition>
              <EndPosition><Line>1</Line><Column>120</Column></EndPosition>
            </member>
          </MatchedStatements>`;
      return `
        <member>
          ${matched}
          <MissingContextValues/>
          <EvalResourceName>${resource}</EvalResourceName>
          <EvalDecision>${decision}</EvalDecision>
          <EvalActionName>${action}</EvalActionName>
          <OrganizationsDecisionDetail>
            <AllowedByOrganizations>${denial === 'scp' ? 'false' : 'true'}</AllowedByOrganizations>
          </OrganizationsDecisionDetail>${
            denial === 'boundary'
              ? `
          <PermissionsBoundaryDecisionDetail>
            <AllowedByPermissionsBoundary>false</AllowedByPermissionsBoundary>
          </PermissionsBoundaryDecisionDetail>`
              : ''
          }
        </member>`;
    })
    .join('');
  const body = `<SimulatePrincipalPolicyResponse xmlns="${iamNamespace}">
  <SimulatePrincipalPolicyResult>
    <IsTruncated>${truncated}</IsTruncated>${truncated ? `\n    <Marker>${start + pageSize}</Marker>` : ''}
    <EvaluationResults>${results}
    </EvaluationResults>
  </SimulatePrincipalPolicyResult>
  <ResponseMetadata>
    <RequestId>${randomBytes(16).toString('hex')}</RequestId>
  </ResponseMetadata>
</SimulatePrincipalPolicyResponse>`;
  return { status: 200, body, roleArn: source };
}

const iamErrorXml = (code: string, message: string) => queryErrorXml(iamNamespace, code, message);

/** An `ErrorResponse` of AWS's Query protocol (STS, IAM), under the service's namespace. */
export function queryErrorXml(namespace: string, code: string, message: string): string {
  return `<ErrorResponse xmlns="${namespace}">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>${randomBytes(16).toString('hex')}</RequestId>
</ErrorResponse>`;
}
