import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  allowedPermissions,
  answerSimulation,
  queryErrorXml,
  type SimulatedPermissions,
  type StandInDenial,
} from './iam-simulation-stand-in.js';

/**
 * A stand-in for AWS STS on 127.0.0.1, speaking STS's Query protocol and XML (AssumeRole,
 * GetCallerIdentity, ErrorResponse) as the AWS SDK reads them. It plays customer accounts: each
 * role trusts the vendor with one external ID, and a test (or the quickstart's simulation) edits
 * a role as a customer would, denying it, deleting it, or opening its trust. It answers IAM's
 * `SimulatePrincipalPolicy` too, for a role simulating itself, with the permissions a test took
 * away. Point the AWS SDK at it with `AWS_ENDPOINT_URL_STS=<url>` and `AWS_ENDPOINT_URL_IAM=<url>`.
 * It checks no signature: it is not a security boundary.
 */
export interface StsStandIn {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_STS`. */
  readonly url: string;
  /** The role with this ARN, registered on first use. */
  role(arn: string): StandInRole;
  /** Every call so far, in order. */
  readonly calls: readonly StandInCall[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** One call the stand-in answered. */
export interface StandInCall {
  readonly at: number;
  readonly action: string;
  readonly roleArn?: string | undefined;
  readonly externalId?: string | undefined;
  /** AssumeRole's `SourceIdentity`, when sent; GetCallerIdentity and IAM calls: the session's. */
  readonly sourceIdentity?: string | undefined;
  /** AssumeRole's session tags, when sent. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly status: number;
}

/** How a role of the stand-in behaves; every method returns the role, to chain. */
export interface StandInRole {
  readonly arn: string;
  /**
   * The role exists and trusts the vendor with these external IDs only (the template's trust; two
   * during a rotation of the external ID).
   */
  trust(...externalIds: string[]): StandInRole;
  /** Takes any external ID, or none: a trust edited to `StringLike sts:ExternalId "*"`, or without the condition. */
  openTrust(mode: 'any_external_id' | 'no_condition'): StandInRole;
  /** Denies every AssumeRole: the customer removed the vendor from the trust, or an SCP denies it. */
  deny(): StandInRole;
  /** Undoes `deny`. */
  allow(): StandInRole;
  /** The role no longer exists: AssumeRole is denied, as STS denies an unknown role. */
  remove(): StandInRole;
  /** Starts denying, then allows from `count` calls on: a role still propagating. */
  propagateAfter(count: number): StandInRole;
  /**
   * IAM's simulation denies these actions to the role: `implicit` (removed from its policies),
   * `explicit` (a Deny statement), `scp` (an organization's service control policy).
   */
  denyActions(actions: readonly string[], how?: StandInDenial): StandInRole;
  /** Gives denied actions back: the customer applied the template again. */
  allowActions(actions: readonly string[]): StandInRole;
  /** The role may not simulate its own policies (a template without that permission). */
  refuseSimulation(): StandInRole;
  /**
   * How the trust treats a session's attribution: `required` (the current template: it allows
   * sts:SetSourceIdentity and sts:TagSession and denies a session without a source identity, the
   * default), `allowed`, or `refused` (a template from before the audit trail: a source identity or
   * tags are denied).
   */
  attribution(mode: 'required' | 'allowed' | 'refused'): StandInRole;
}

/** Options of the stand-in. */
export interface StsStandInOptions {
  /**
   * What a role the test never configured does. `trust-on-first-use` (default): the first external
   * ID presented becomes its trusted one, as if the customer applied the template of the cloud
   * that asked first (verification presents the right ID before any probe). `deny`: unknown roles
   * are denied.
   */
  readonly unknownRoles?: 'trust-on-first-use' | 'deny';
  /** A fixed port; default any free one. */
  readonly port?: number;
  /** Waits this long before each answer, in ms: an STS under load. Default 0. */
  readonly latencyMs?: number;
}

interface RoleState {
  attribution: 'required' | 'allowed' | 'refused';
  trusted: readonly string[] | undefined;
  permissions: SimulatedPermissions;
  open: 'any_external_id' | 'no_condition' | undefined;
  denied: boolean;
  removed: boolean;
  denialsLeft: number;
}

const namespace = 'https://sts.amazonaws.com/doc/2011-06-15/';
const rolePattern = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** Starts the stand-in. */
export async function startStsStandIn(options: StsStandInOptions = {}): Promise<StsStandIn> {
  const roles = new Map<string, RoleState>();
  const sessions = new Map<string, { roleArn: string; sessionName: string; sourceIdentity?: string | undefined }>();
  const calls: StandInCall[] = [];
  const stateOf = (arn: string): RoleState => {
    let state = roles.get(arn);
    if (!state) {
      state = {
        attribution: 'required',
        trusted: undefined,
        permissions: allowedPermissions(),
        open: undefined,
        denied: options.unknownRoles === 'deny',
        removed: false,
        denialsLeft: 0,
      };
      roles.set(arn, state);
    }
    return state;
  };

  const answer = (
    form: URLSearchParams,
    authorization: string,
  ): {
    status: number;
    body: string;
    roleArn?: string;
    externalId?: string;
    sourceIdentity?: string | undefined;
    tags?: Record<string, string> | undefined;
  } => {
    const action = form.get('Action') ?? '';
    const keyId = /Credential=([A-Z0-9]+)\//.exec(authorization)?.[1] ?? '';
    if (action === 'SimulatePrincipalPolicy') {
      return answerSimulation(form, sessions.get(keyId)?.roleArn, (arn) => stateOf(arn).permissions);
    }
    if (action === 'GetCallerIdentity') {
      const session = sessions.get(keyId);
      if (!session)
        return { status: 403, body: errorXml('InvalidClientTokenId', 'The security token included in the request is invalid.') };
      const [, partition, account, name] = rolePattern.exec(session.roleArn) ?? [];
      const arn = `arn:${partition}:sts::${account}:assumed-role/${name}/${session.sessionName}`;
      return { status: 200, body: callerIdentityXml(account ?? '', arn), roleArn: session.roleArn, sourceIdentity: session.sourceIdentity };
    }
    if (action !== 'AssumeRole') return { status: 400, body: errorXml('InvalidAction', `Could not find operation ${action}.`) };
    const roleArn = form.get('RoleArn') ?? '';
    const externalId = form.get('ExternalId') ?? undefined;
    const sessionName = form.get('RoleSessionName') ?? 'session';
    const sourceIdentity = form.get('SourceIdentity') ?? undefined;
    const tags = sessionTags(form);
    const match = rolePattern.exec(roleArn);
    if (sourceIdentity !== undefined && !/^[\w+=,.@-]{2,64}$/.test(sourceIdentity)) {
      return {
        status: 400,
        body: errorXml(
          'ValidationError',
          "1 validation error detected: Value at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ),
        roleArn,
      };
    }
    const denied = {
      status: 403,
      body: errorXml(
        'AccessDenied',
        `User: arn:aws:sts::111122223333:assumed-role/vendor/byoc is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      ),
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
      sourceIdentity,
      tags,
    };
    if (!match) return { status: 400, body: errorXml('ValidationError', 'roleArn is not a role ARN.'), roleArn };
    const state = stateOf(roleArn);
    if (state.trusted === undefined && options.unknownRoles !== 'deny' && externalId !== undefined && !state.open)
      state.trusted = [externalId];
    if (state.removed || state.denied) return denied;
    // The trust's attribution: a template from before it refuses sts:SetSourceIdentity and
    // sts:TagSession; the current one requires a source identity (Null sts:SourceIdentity false).
    const attributed = sourceIdentity !== undefined || tags !== undefined;
    if (state.attribution === 'refused' && attributed) return denied;
    if (state.attribution === 'required' && sourceIdentity === undefined && state.open === undefined) return denied;
    if (state.denialsLeft > 0) {
      state.denialsLeft -= 1;
      return denied;
    }
    const accepted =
      state.open === 'no_condition' ||
      (state.open === 'any_external_id' && externalId !== undefined) ||
      (externalId !== undefined && state.trusted?.includes(externalId) === true);
    if (!accepted) return denied;
    const issuedKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    sessions.set(issuedKeyId, { roleArn, sessionName, sourceIdentity });
    return {
      status: 200,
      body: assumeRoleXml(roleArn, sessionName, issuedKeyId, sourceIdentity),
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
      sourceIdentity,
      tags,
    };
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const result = answer(new URLSearchParams(body), request.headers.authorization ?? '');
      calls.push({
        at: Date.now(),
        action: new URLSearchParams(body).get('Action') ?? '',
        roleArn: result.roleArn,
        externalId: result.externalId,
        sourceIdentity: result.sourceIdentity,
        tags: result.tags,
        status: result.status,
      });
      const send = () => {
        response.writeHead(result.status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomBytes(16).toString('hex') });
        response.end(result.body);
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const role = (arn: string): StandInRole => {
    const state = stateOf(arn);
    const handle: StandInRole = {
      arn,
      trust(...externalIds) {
        state.trusted = externalIds;
        state.open = undefined;
        state.denied = false;
        state.removed = false;
        return handle;
      },
      openTrust(mode) {
        state.open = mode;
        return handle;
      },
      deny() {
        state.denied = true;
        return handle;
      },
      allow() {
        state.denied = false;
        state.removed = false;
        return handle;
      },
      remove() {
        state.removed = true;
        return handle;
      },
      propagateAfter(count) {
        state.denialsLeft = count;
        return handle;
      },
      denyActions(actions, how = 'implicit') {
        for (const action of actions) state.permissions.denied.set(action, how);
        return handle;
      },
      allowActions(actions) {
        for (const action of actions) state.permissions.denied.delete(action);
        return handle;
      },
      refuseSimulation() {
        state.permissions.refused = true;
        return handle;
      },
      attribution(mode) {
        state.attribution = mode;
        return handle;
      },
    };
    return handle;
  };

  return {
    url,
    role,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts the stand-in and points this process's AWS SDK at it (`AWS_ENDPOINT_URL_STS` and `_IAM`, no instance
 * metadata); its `close()` also puts the environment back as it was.
 */
export async function startStsStandInForProcess(options: StsStandInOptions = {}): Promise<StsStandIn> {
  const previous = {
    endpoint: process.env.AWS_ENDPOINT_URL_STS,
    iam: process.env.AWS_ENDPOINT_URL_IAM,
    metadata: process.env.AWS_EC2_METADATA_DISABLED,
  };
  const standIn = await startStsStandIn(options);
  process.env.AWS_ENDPOINT_URL_STS = standIn.url;
  process.env.AWS_ENDPOINT_URL_IAM = standIn.url;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return {
    ...standIn,
    async close() {
      await standIn.close();
      if (previous.endpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = previous.endpoint;
      if (previous.iam === undefined) delete process.env.AWS_ENDPOINT_URL_IAM;
      else process.env.AWS_ENDPOINT_URL_IAM = previous.iam;
      if (previous.metadata === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
      else process.env.AWS_EC2_METADATA_DISABLED = previous.metadata;
    },
  };
}

function assumeRoleXml(roleArn: string, sessionName: string, keyId: string, sourceIdentity?: string): string {
  const [, partition, account, name] = rolePattern.exec(roleArn) ?? [];
  const expiration = new Date(Date.now() + 900_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<AssumeRoleResponse xmlns="${namespace}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:${partition}:sts::${account}:assumed-role/${name}/${sessionName}</Arn>
      <AssumedRoleId>AROA${randomBytes(8).toString('hex').toUpperCase()}:${sessionName}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${keyId}</AccessKeyId>
      <SecretAccessKey>${randomBytes(30).toString('base64')}</SecretAccessKey>
      <SessionToken>${randomBytes(120).toString('base64')}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>${sourceIdentity === undefined ? '' : `\n    <SourceIdentity>${sourceIdentity}</SourceIdentity>`}
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${randomBytes(16).toString('hex')}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;
}

function callerIdentityXml(account: string, arn: string): string {
  return `<GetCallerIdentityResponse xmlns="${namespace}">
  <GetCallerIdentityResult>
    <Arn>${arn}</Arn>
    <UserId>AROA${randomBytes(8).toString('hex').toUpperCase()}:byoc</UserId>
    <Account>${account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${randomBytes(16).toString('hex')}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>`;
}

function errorXml(code: string, message: string): string {
  return queryErrorXml(namespace, code, message);
}

/** AssumeRole's session tags from the Query form (`Tags.member.1.Key`, `Tags.member.1.Value`, ...); undefined when none. */
function sessionTags(form: URLSearchParams): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (let index = 1; form.has(`Tags.member.${index}.Key`); index++) {
    tags[form.get(`Tags.member.${index}.Key`) as string] = form.get(`Tags.member.${index}.Value`) ?? '';
  }
  return Object.keys(tags).length === 0 ? undefined : tags;
}
