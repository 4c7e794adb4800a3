/**
 * HTTP front end: authentication check, routing, body parsing, fault injection, error encoding
 * and the call log. Errors are encoded as the restJson1 protocol expects them: the status code,
 * an `x-amzn-ErrorType: <Code>` header and a `{"message": "..."}` body
 * (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { CallLog, CallRecord } from './call-log';
import { listenOnLoopback, readBody, sendJson } from './http';
import { ServiceError } from '../api/errors';
import { matchRoute, OperationContext, unknownOperation } from '../api/operations';
import type { FaultInjector } from '../faults/faults';
import { sendFaultyReply } from '../faults/reply-faults';

/** Everything the request handler works with. */
export interface ServerDependencies extends OperationContext {
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  /** Called after each request is answered (the CLI prints calls with it). */
  readonly onCall?: (call: CallRecord) => void;
}

// Package API requests are tiny; anything larger is a client bug.
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts an HTTP server on 127.0.0.1 (only) and resolves once it listens. */
export async function listen(deps: ServerDependencies, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      // handle() answers every error itself; this only guards against a broken socket.
      res.destroy(err instanceof Error ? err : undefined);
    });
  });
  await listenOnLoopback(server, port);
  return server;
}

async function handle(deps: ServerDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query = Object.fromEntries(url.searchParams);
  const match = matchRoute(method, url.pathname);
  const { params: pathParams, invalid: invalidLabel } = decodeLabels(match?.rawParams ?? {});
  let body: Record<string, unknown> | undefined;
  let injected = false;
  let status = 200;
  let error: ServiceError | undefined;
  let response: unknown;
  try {
    const raw = await readBody(req, MAX_BODY_BYTES,
      () => new ServiceError('ValidationException', `Request body larger than ${MAX_BODY_BYTES} bytes`));
    if (!isSigned(req, url)) {
      throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (!match) {
      throw unknownOperation(method, url.pathname);
    }
    if (invalidLabel) {
      throw new ServiceError('ValidationException', `1 validation error detected: Value at '${invalidLabel}' is not a valid URI label`);
    }
    body = parseBody(raw);
    const fault = deps.faults.takeRequestFault(match.route.operation, pathParams.DomainName,
      pathParams.PackageID ?? (typeof body.PackageID === 'string' ? body.PackageID : undefined));
    if (fault) {
      injected = true;
      throw fault;
    }
    const reply = deps.faults.replies.take(match.route.operation, {
      domainName: pathParams.DomainName,
      packageId: pathParams.PackageID ?? (typeof body.PackageID === 'string' ? body.PackageID : undefined),
      packageName: typeof body.PackageName === 'string' ? body.PackageName : undefined,
      statusOf: (domainName, packageId) => associationStatus(deps, domainName, packageId),
    });
    // Lost on the way in: the service never sees the request.
    if (reply !== 'dropped') response = match.route.handle({ params: pathParams, query, body }, deps);
    if (reply === 'lost') {
      injected = true;
      response = undefined;
      throw new ServiceError('InternalException', 'Internal error. Please try again.');
    }
    if (reply === undefined) {
      send(res, 200, response);
    } else {
      injected = true;
      status = sendFaultyReply(reply, req, res, JSON.stringify(response ?? {}), 'application/json');
    }
  } catch (err) {
    error = err instanceof ServiceError ? err : new ServiceError('InternalException', `Emulator error: ${String(err)}`);
    status = error.status;
    send(res, status, { message: error.message }, error.code);
  }
  const call: CallRecord = {
    operation: match?.route.operation ?? 'Unknown',
    method,
    path: url.pathname,
    pathParams,
    query,
    body: body && Object.keys(body).length > 0 ? body : undefined,
    status,
    errorType: error?.code,
    errorMessage: error?.message,
    response,
    injected,
    time: started,
    durationMs: Date.now() - started,
  };
  deps.calls.record(call);
  deps.onCall?.(call);
}

/** The status of an association, for reply faults that fire only while it has one. */
function associationStatus(deps: ServerDependencies, domainName: string, packageId: string) {
  try {
    return deps.state.packagesForDomain(domainName).find(d => d.PackageID === packageId)?.DomainPackageStatus;
  } catch {
    return undefined;
  }
}

/**
 * Any SigV4-signed request is accepted (signatures are not verified): an
 * `Authorization: AWS4-HMAC-SHA256 Credential=...` header, or a presigned query string.
 */
function isSigned(req: IncomingMessage, url: URL): boolean {
  const auth = req.headers.authorization ?? '';
  if (/^AWS4-HMAC-SHA256\s+Credential=\S+/.test(auth)) {
    return true;
  }
  return url.searchParams.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && url.searchParams.has('X-Amz-Credential');
}

/** Percent-decodes URI labels; a label that does not decode is kept raw (for the log) and reported. */
function decodeLabels(raw: Record<string, string>): { params: Record<string, string>; invalid?: string } {
  const params: Record<string, string> = {};
  let invalid: string | undefined;
  for (const [name, value] of Object.entries(raw)) {
    try {
      params[name] = decodeURIComponent(value);
    } catch {
      params[name] = value;
      invalid = name;
    }
  }
  return { params, invalid };
}

function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  sendJson(res, status, payload, { 'x-amzn-RequestId': randomUUID(), ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}) });
}
