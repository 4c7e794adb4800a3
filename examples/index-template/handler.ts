/**
 * onEvent handler of the example's IndexTemplate custom resource (see ./index-template.ts): puts a
 * composable index template on an OpenSearch Service domain through its REST API, and deletes it again.
 * Requests are signed with SigV4 (service `es`) with the function role's credentials.
 *
 * A template is only ever created with `?create=true`: should the domain already hold a template of that
 * name, the deployment fails with OpenSearch's reason instead of taking it over (and deleting it later).
 */
import { request } from 'node:https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { IndexTemplateResourceProperties } from './index-template';

/** The Provider framework's onEvent request: the CloudFormation event. */
type OnEventRequest = CloudFormationCustomResourceEvent;

interface OnEventResponse {
  readonly PhysicalResourceId: string;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

// An answer that takes longer than this is an unhealthy cluster; the function's own timeout is 1 minute.
const REQUEST_TIMEOUT_MS = 30_000;

let signer: SignatureV4 | undefined;

export async function handler(event: OnEventRequest): Promise<OnEventResponse> {
  const props = readProperties(event.ResourceProperties);
  // A new endpoint or name is a new template: CloudFormation then deletes the old one with its old properties.
  const physicalResourceId = `index-template:${props.DomainEndpoint}:${props.TemplateName}`;
  if (event.RequestType === 'Delete' && event.PhysicalResourceId !== physicalResourceId) {
    // Not a template this resource made (e.g. the physical id of a failed create): leave the domain alone.
    log(event, props, { step: 'skip-delete', physicalResourceId: event.PhysicalResourceId });
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
  }
  const method = event.RequestType === 'Delete' ? 'DELETE' : 'PUT';
  // Create, and an Update to a new name or domain, make a template; an Update of the same one replaces it.
  const create = event.RequestType === 'Create' || (event.RequestType === 'Update' && event.PhysicalResourceId !== physicalResourceId);

  const answer = await send(method, props, create, method === 'PUT' ? props.TemplateBody : undefined);
  // Deleting a template that is already gone (removed by hand, or never created) is done.
  const done = isSuccess(answer.status) || (method === 'DELETE' && answer.status === 404);
  const reason = done ? undefined : reasonOf(answer.body);
  log(event, props, { step: method === 'PUT' ? (create ? 'create' : 'put') : 'delete', status: answer.status, reason });
  if (!done) {
    throw new Error(`${method} _index_template/${props.TemplateName} failed (${answer.status}): ${reason}`);
  }
  return { PhysicalResourceId: physicalResourceId };
}

/** Only these fields: never the event (its ResponseURL is presigned), the headers or the credentials. */
function log(event: OnEventRequest, props: IndexTemplateResourceProperties, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ requestType: event.RequestType, endpoint: props.DomainEndpoint, templateName: props.TemplateName, ...fields }));
}

function readProperties(raw: Record<string, unknown>): IndexTemplateResourceProperties {
  const read = (name: keyof IndexTemplateResourceProperties): string => {
    const value = raw[name];
    if (typeof value !== 'string' || value === '') {
      throw new Error(`the custom resource property ${name} must be a non-empty string`);
    }
    return value;
  };
  return { DomainEndpoint: read('DomainEndpoint'), TemplateName: read('TemplateName'), TemplateBody: read('TemplateBody') };
}

/** Signs and sends one request to `https://<endpoint>/_index_template/<name>`, with `?create=true` if `create`. */
async function send(method: 'PUT' | 'DELETE', props: IndexTemplateResourceProperties, create: boolean, body?: string): Promise<Answer> {
  const url = new URL(`https://${props.DomainEndpoint}/_index_template/${encodeURIComponent(props.TemplateName)}`);
  // The query string is part of what SigV4 signs.
  const query: Record<string, string> = create ? { create: 'true' } : {};
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const headers: Record<string, string> = { host: url.host };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const signed = await getSigner().sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers,
    body,
  });
  try {
    return await exchange(url, method, signed.headers, body);
  } catch (error) {
    throw new Error(`${method} _index_template/${props.TemplateName} failed: ${(error as Error).message}`);
  }
}

function exchange(url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} seconds`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** One signer per container: the credential provider caches the role's credentials until they expire. */
function getSigner(): SignatureV4 {
  if (!signer) {
    const region = process.env.AWS_REGION;
    if (!region) {
      throw new Error('AWS_REGION is not set');
    }
    signer = new SignatureV4({ service: 'es', region, credentials: defaultProvider(), sha256: Sha256 });
  }
  return signer;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** OpenSearch's `error.reason` (or the front end's `message`), else the start of the body. */
function reasonOf(body: string): string {
  try {
    const parsed = JSON.parse(body);
    const error = parsed?.error;
    const reason = typeof error === 'string' ? error : error?.reason ?? parsed?.message ?? parsed?.Message;
    if (typeof reason === 'string') {
      return reason;
    }
  } catch {
    // Not JSON: a proxy's or load balancer's page.
  }
  return body.slice(0, 300) || '(empty answer)';
}
