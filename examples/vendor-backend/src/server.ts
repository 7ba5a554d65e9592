import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Byoc, ByocError, type CustomCloud, toWire } from '@byoc-kit/core';
import { errorBody, httpError } from './http-errors.js';
import { accessFromWire, inputFromWire } from './wire-input.js';

const maximumBody = 1024 * 1024;
const base =
  /^\/v1\/organization\/([A-Za-z0-9_-]{1,128})\/custom-cloud-environments(?:\/([0-9a-f-]{36})(?:\/(provision|permissions|infra-templates\/terraform\/(?:template|variables)))?)?$/;

/** A JSON response. */
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * An HTTP server exposing byoc-kit behind Aiven's custom-cloud-environment routes, on Aiven's
 * snake_case wire format. Errors are JSON with the ByocError code and a fitting status.
 */
export function createVendorServer(byoc: Byoc): Server {
  return createServer((request, response) => {
    handle(byoc, request)
      .then((reply) => send(response, reply))
      .catch((error: unknown) => {
        const { status, body } = errorBody(error);
        send(response, { status, body });
      });
  });
}

async function handle(byoc: Byoc, request: IncomingMessage): Promise<Reply> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const match = base.exec(url.pathname);
  if (!match)
    throw httpError(
      'ROUTE_NOT_FOUND',
      `No route ${request.method} ${url.pathname}; routes are under /v1/organization/{org}/custom-cloud-environments.`,
    );
  const [, organizationId, id, action] = match as unknown as [string, string, string | undefined, string | undefined];
  const method = request.method ?? 'GET';
  const owned = async (): Promise<CustomCloud> => {
    const cloud = await byoc.get(id as string);
    if (cloud.organizationId !== organizationId)
      throw new ByocError({ code: 'CUSTOM_CLOUD_NOT_FOUND', message: `No custom cloud ${id} in organization ${organizationId}.` });
    return cloud;
  };
  const version = (cloud: CustomCloud) => ({ etag: `"${cloud.version}"` });

  if (id === undefined) {
    if (method === 'GET')
      return {
        status: 200,
        body: { custom_cloud_environments: (await byoc.list({ organizationId })).map((cloud) => toWire(cloud).custom_cloud_environment) },
      };
    if (method === 'POST') {
      const cloud = await byoc.create({ ...inputFromWire(await readJson(request)), organizationId });
      return { status: 201, body: toWire(cloud), headers: version(cloud) };
    }
    throw httpError('METHOD_NOT_ALLOWED', `${method} is not allowed here; use GET or POST.`);
  }

  if (action === undefined) {
    if (method === 'GET') {
      const cloud = await owned();
      return { status: 200, body: toWire(cloud), headers: version(cloud) };
    }
    if (method === 'PUT') {
      const patch = inputFromWire(await readJson(request));
      await owned();
      const cloud = await byoc.update(id, patch, expectedVersion(request));
      return { status: 200, body: toWire(cloud), headers: version(cloud) };
    }
    if (method === 'DELETE') {
      await owned();
      const { cloud, teardown } = await byoc.delete(id, { force: url.searchParams.get('force') === 'true' });
      return { status: 200, body: { ...toWire(cloud), teardown } };
    }
    throw httpError('METHOD_NOT_ALLOWED', `${method} is not allowed here; use GET, PUT or DELETE.`);
  }

  if (action === 'provision') {
    if (method !== 'POST') throw httpError('METHOD_NOT_ALLOWED', 'Use POST to provision.');
    const access = accessFromWire(await readJson(request));
    await owned();
    const { cloud, report } = await byoc.provision(id, access);
    return { status: 200, body: { ...toWire(cloud), verification: report } };
  }

  if (action === 'permissions') {
    const body = (await readJson(request)) as { all_projects?: unknown; organizational_units?: unknown; projects?: unknown };
    await owned();
    const selection = {
      organizationUnits: body.organizational_units as string[] | undefined,
      projects: body.projects as string[] | undefined,
    };
    const cloud =
      method === 'PUT'
        ? await byoc.permissions.set(
            id,
            body.all_projects === true
              ? { mode: 'all_projects' }
              : { mode: 'selection', organizationUnits: selection.organizationUnits ?? [], projects: selection.projects ?? [] },
          )
        : method === 'POST'
          ? await byoc.permissions.add(id, selection)
          : method === 'DELETE'
            ? await byoc.permissions.remove(id, selection)
            : undefined;
    if (!cloud) throw httpError('METHOD_NOT_ALLOWED', 'Use PUT (set), POST (add) or DELETE (remove) on permissions.');
    return { status: 200, body: { availability: cloud.availability } };
  }

  if (method !== 'GET') throw httpError('METHOD_NOT_ALLOWED', 'Use GET for templates.');
  await owned();
  const bundle = await byoc.getTemplate(id, { format: 'terraform' });
  const path = action.endsWith('template') ? 'main.tf' : 'terraform.tfvars.json';
  const file = bundle.files.find((candidate) => candidate.path === path);
  return {
    status: 200,
    body: file?.contents ?? '',
    headers: { 'content-type': path.endsWith('.tf') ? 'text/plain; charset=utf-8' : 'application/json' },
  };
}

function expectedVersion(request: IncomingMessage): { expectedVersion?: number } {
  const match = /^"?(\d+)"?$/.exec(request.headers['if-match'] ?? '');
  return match ? { expectedVersion: Number(match[1]) } : {};
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
    throw httpError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maximumBody) throw httpError('BODY_TOO_LARGE', 'The body is larger than 1 MiB.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw httpError('INPUT_INVALID', 'The body is not valid JSON.');
  }
}

function send(response: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string' ? reply.body : `${JSON.stringify(reply.body)}\n`;
  response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
