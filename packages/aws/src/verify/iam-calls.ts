import { boundedCall, cloudCall, z } from '@byoc-kit/core/provider-utils';
import type { SimulationRequest } from '../plan/simulation.js';
import type { StsClientLike } from '../settings.js';
import { MalformedResponseError, type StsCallBounds } from './sts-calls.js';
import { awsCallOutcome, awsRequestId } from './sts-errors.js';

/** The IAM module's parts byoc-kit uses, as `@aws-sdk/client-iam` exports them. */
export type IamModule = Pick<typeof import('@aws-sdk/client-iam'), 'IAMClient' | 'SimulatePrincipalPolicyCommand'>;

const evaluationSchema = z.object({
  EvalActionName: z.string().min(1),
  EvalResourceName: z.string().nullish(),
  EvalDecision: z.enum(['allowed', 'explicitDeny', 'implicitDeny']),
  OrganizationsDecisionDetail: z.object({ AllowedByOrganizations: z.boolean().nullish() }).nullish(),
  PermissionsBoundaryDecisionDetail: z.object({ AllowedByPermissionsBoundary: z.boolean().nullish() }).nullish(),
});
const simulationSchema = z.object({
  EvaluationResults: z.array(evaluationSchema).default([]),
  IsTruncated: z.boolean().nullish(),
  Marker: z.string().nullish(),
});

/** One answer of the simulation: an action on a resource, and what decided it. */
export interface Evaluation {
  readonly action: string;
  readonly resource: string;
  readonly decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** An organization's service control policy denies it (`OrganizationsDecisionDetail`). */
  readonly deniedByOrganization: boolean;
  /** A permissions boundary on the role denies it. */
  readonly deniedByBoundary: boolean;
}

/**
 * `iam:SimulatePrincipalPolicy` of a role on its own policies, one request, every page, bounded like
 * the STS calls; an answer that does not parse is a transport fault.
 */
export async function simulatePrincipalPolicy(
  iam: IamModule,
  client: StsClientLike,
  roleArn: string,
  request: SimulationRequest,
  bounds: StsCallBounds,
): Promise<Evaluation[]> {
  const evaluations: Evaluation[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const command = new iam.SimulatePrincipalPolicyCommand({
      PolicySourceArn: roleArn,
      ActionNames: [...request.actions],
      ResourceArns: [...request.resources],
      ContextEntries: request.context.map((entry) => ({
        ContextKeyName: entry.key,
        ContextKeyType: entry.type,
        ContextKeyValues: [...entry.values],
      })),
      ...(marker === undefined ? {} : { Marker: marker }),
    });
    const answer = await cloudCall(
      { system: 'aws-api', service: 'IAM', method: 'SimulatePrincipalPolicy', classify: awsCallOutcome, requestId: awsRequestId },
      () => boundedCall((signal) => client.send(command, { abortSignal: signal }), { ...bounds, what: 'IAM SimulatePrincipalPolicy' }),
    );
    const parsed = simulationSchema.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MalformedResponseError(
        'IAM SimulatePrincipalPolicy',
        `${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'unexpected shape'}`,
      );
    }
    for (const result of parsed.data.EvaluationResults) {
      evaluations.push({
        action: result.EvalActionName,
        resource: result.EvalResourceName ?? '*',
        decision: result.EvalDecision,
        deniedByOrganization: result.OrganizationsDecisionDetail?.AllowedByOrganizations === false,
        deniedByBoundary: result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false,
      });
    }
    if (!parsed.data.IsTruncated || !parsed.data.Marker) return evaluations;
    marker = parsed.data.Marker;
  }
  throw new MalformedResponseError('IAM SimulatePrincipalPolicy', 'more than 50 pages');
}
