import { boundedCall, type CallBounds, cloudCall, z } from '@byoc-kit/core/provider-utils';
import type { StsClientLike } from '../settings.js';
import { awsCallOutcome, awsRequestId } from './sts-errors.js';

/**
 * The STS calls verification makes, each bounded (a timeout per call, the verification's deadline
 * cutting a call in flight) and each answer parsed: an answer that is not a well-formed result (an
 * empty 200, a body without credentials) is a transport fault, retried, never a verdict on the
 * customer's role.
 */

const assumeRoleOutputSchema = z.object({
  Credentials: z.object({
    AccessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/),
    SecretAccessKey: z.string().min(1),
    SessionToken: z.string().min(1),
    Expiration: z.date().nullish(),
  }),
  AssumedRoleUser: z.object({ Arn: z.string().startsWith('arn:'), AssumedRoleId: z.string().nullish() }),
});
const callerIdentitySchema = z.object({
  Account: z.string().regex(/^\d{12}$/),
  Arn: z.string().startsWith('arn:'),
  UserId: z.string().nullish(),
});

/** What a well-formed AssumeRole answer holds. */
export type AssumeRoleOutput = z.infer<typeof assumeRoleOutputSchema>;
/** What a well-formed GetCallerIdentity answer holds. */
export type CallerIdentityOutput = z.infer<typeof callerIdentitySchema>;

/** An answer that does not parse: the transport failed, whatever the status said. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponse';
  constructor(what: string, problem: string) {
    super(`${what} answered with something that is not a well-formed result (${problem})`);
  }
}

/** The STS module's commands, as `@aws-sdk/client-sts` exports them. */
export type StsModule = Pick<typeof import('@aws-sdk/client-sts'), 'AssumeRoleCommand' | 'GetCallerIdentityCommand'>;

/** What bounds each call: the caller's signal, a per-call timeout, the verification's deadline. */
export type StsCallBounds = Omit<CallBounds, 'what'>;

/** The calls, on one STS module, under one set of bounds. */
export function stsCalls(sts: StsModule, bounds: StsCallBounds) {
  const send = async <T>(what: string, client: StsClientLike, command: unknown, schema: z.ZodType<T>): Promise<T> => {
    const answer = await cloudCall(
      { system: 'aws-api', service: 'STS', method: what, classify: awsCallOutcome, requestId: awsRequestId },
      () => boundedCall((signal) => client.send(command, { abortSignal: signal }), { ...bounds, what: `STS ${what}` }),
    );
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MalformedResponseError(`STS ${what}`, `${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'unexpected shape'}`);
    }
    return parsed.data;
  };
  return {
    assumeRole(
      client: StsClientLike,
      input: {
        RoleArn: string;
        RoleSessionName: string;
        ExternalId?: string;
        SourceIdentity?: string;
        Tags?: readonly { Key: string; Value: string }[];
        DurationSeconds?: number;
      },
    ): Promise<AssumeRoleOutput> {
      const { Tags: tags, DurationSeconds: duration, ...rest } = input;
      const command = new sts.AssumeRoleCommand({
        ...rest,
        ...(tags ? { Tags: tags.map((tag) => ({ ...tag })) } : {}),
        DurationSeconds: duration ?? 900,
      });
      return send('AssumeRole', client, command, assumeRoleOutputSchema);
    },
    callerIdentity(client: StsClientLike): Promise<CallerIdentityOutput> {
      return send('GetCallerIdentity', client, new sts.GetCallerIdentityCommand({}), callerIdentitySchema);
    },
  };
}
