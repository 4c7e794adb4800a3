/**
 * The domains' own REST API (the data plane), as far as an index template custom resource needs it:
 * `PUT` (also with `?create=true`), `GET` and `DELETE` `/_index_template/<name>`.
 *
 * One HTTPS server serves every domain of the emulator; the first path segment names the domain. A
 * domain's endpoint is therefore `127.0.0.1:<port>/<domain name>`: host and port without a scheme, like
 * CloudFormation's `DomainEndpoint` attribute, plus the domain's prefix, so a client that builds
 * `https://<endpoint>/_index_template/<name>` reaches the right domain with no DNS or Host header tricks.
 *
 * Every request must carry a valid SigV4 signature for service `es` (403 otherwise, see ../http/sigv4.ts).
 * OpenSearch errors are answered in OpenSearch's shape; requests are recorded in the emulator's call log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import type { IndexTemplateOperation, IndexTemplates } from './index-templates';
import { OpenSearchError } from './opensearch-error';
import type { EmulatorState } from '../api/state';
import type { CallLog, CallRecord } from '../http/call-log';
import type { Certificate } from '../http/certificate';
import { listenOnLoopback, readBody, sendJson } from '../http/http';
import { signatureProblem, SigningKey } from '../http/sigv4';

export interface DomainEndpointDependencies {
  readonly state: EmulatorState;
  readonly templates: IndexTemplates;
  readonly calls: CallLog;
  /** What requests must be signed with. */
  readonly signingKey: SigningKey;
  readonly onCall?: (call: CallRecord) => void;
}

/** An answer that is not OpenSearch's but the AWS front end's (authentication, unknown domain). */
class FrontEndError extends Error {
  constructor(public readonly status: number, message: string, public readonly type: string) {
    super(message);
  }
}

const OPERATIONS: Record<string, IndexTemplateOperation> = {
  PUT: 'PutIndexTemplate',
  GET: 'GetIndexTemplate',
  DELETE: 'DeleteIndexTemplate',
};

// Generous for a template; anything larger is a client bug.
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts the HTTPS server on 127.0.0.1 and resolves once it listens. */
export async function listenDomainEndpoint(deps: DomainEndpointDependencies, certificate: Certificate, port = 0): Promise<Server> {
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      // handle() answers every error itself; this only guards against a broken socket.
      res.destroy(err instanceof Error ? err : undefined);
    });
  });
  await listenOnLoopback(server, port);
  return server;
}

async function handle(deps: DomainEndpointDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const [, rawDomain = '', ...rest] = url.pathname.split('/');
  const domainName = safeDecode(rawDomain);
  const pathInDomain = `/${rest.join('/')}`;
  const route = /^\/_index_template\/([^/]+)$/.exec(pathInDomain);
  const templateName = route ? safeDecode(route[1]) : undefined;
  const operation = route ? OPERATIONS[method] : undefined;

  let status = 200;
  let payload: unknown;
  let body: unknown;
  let failure: { type: string; message: string } | undefined;
  try {
    const raw = await readBody(req, MAX_BODY_BYTES,
      () => new OpenSearchError(413, 'content_too_long_exception', `request body is larger than ${MAX_BODY_BYTES} bytes`));
    if (!deps.state.domainNames().includes(domainName)) {
      throw new FrontEndError(404, `No domain named [${domainName}] in the emulator; a domain's endpoint is 127.0.0.1:<port>/<domain name>`, 'DomainNotFound');
    }
    const received = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: raw };
    const problem = await signatureProblem(received, deps.signingKey);
    if (problem) {
      throw new FrontEndError(403, problem, 'AccessDeniedException');
    }
    if (!operation || templateName === undefined) {
      throw new OpenSearchError(400, 'no_handler_found', `no handler found for uri [${pathInDomain}] and method [${method}]`);
    }
    body = parseJson(raw);
    payload = answer(deps.templates, operation, domainName, templateName, body, url.searchParams);
  } catch (err) {
    if (err instanceof OpenSearchError) {
      status = err.status;
      payload = err.toJSON();
      failure = { type: err.type, message: err.reason };
    } else if (err instanceof FrontEndError) {
      status = err.status;
      payload = { message: err.message };
      failure = { type: err.type, message: err.message };
    } else {
      status = 500;
      payload = new OpenSearchError(500, 'exception', `Emulator error: ${String(err)}`).toJSON();
      failure = { type: 'exception', message: String(err) };
    }
  }
  send(res, status, payload);

  const call: CallRecord = {
    operation: operation ?? 'Unknown',
    method,
    path: url.pathname,
    pathParams: templateName === undefined ? { DomainName: domainName } : { DomainName: domainName, TemplateName: templateName },
    query: Object.fromEntries(url.searchParams),
    body,
    status,
    errorType: failure?.type,
    errorMessage: failure?.message,
    response: failure ? undefined : payload,
    injected: false,
    time: started,
    durationMs: Date.now() - started,
  };
  deps.calls.record(call);
  deps.onCall?.(call);
}

function answer(
  templates: IndexTemplates, operation: IndexTemplateOperation, domainName: string, name: string, body: unknown, query: URLSearchParams,
): unknown {
  switch (operation) {
    case 'PutIndexTemplate':
      return templates.put(domainName, name, body, { create: booleanParameter(query, 'create') });
    case 'GetIndexTemplate':
      return templates.get(domainName, name);
    case 'DeleteIndexTemplate':
      return templates.delete(domainName, name);
  }
}

/**
 * A boolean query parameter as OpenSearch reads it: absent is false, `?create` and `?create=true` are true,
 * `false` is false, anything else is refused.
 */
function booleanParameter(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === 'false') return false;
  if (value === '' || value === 'true') return true;
  throw new OpenSearchError(400, 'illegal_argument_exception', `Failed to parse value [${value}] as only [true] or [false] are allowed.`);
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new OpenSearchError(400, 'json_parse_exception', `request body is not JSON: ${(err as Error).message}`);
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  sendJson(res, status, payload, { 'Content-Type': 'application/json; charset=UTF-8' });
}
