/**
 * SigV4 verification for the emulated domain endpoints. Unlike the package API (which takes any
 * signature), a domain checks the signature for real: it must be made for service `es` in the emulator's
 * Region with the emulator's dummy credentials, over the request exactly as received (method, path,
 * query, signed headers, body). A handler that signs one thing and sends another is refused, as on AWS.
 * Messages are the ones AWS sends for these cases, where we know them; the rest are our own wording.
 * Not checked: the signature's age (AWS allows 15 minutes of clock skew).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

/** A request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  /** The path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a valid signature is made with. */
export interface SigningKey {
  readonly service: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;
const MISMATCH = 'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Why the request is refused (403), or undefined when its signature holds. */
export async function signatureProblem(request: ReceivedRequest, key: SigningKey): Promise<string | undefined> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    const action = `es:ESHttp${request.method.charAt(0)}${request.method.slice(1).toLowerCase()}`;
    return `User: anonymous is not authorized to perform: ${action} because no resource-based policy allows the ${action} action`;
  }
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) {
    return 'Authorization header is not an AWS Signature Version 4 header (our wording)';
  }
  const [, credential, signedHeaderList, signature] = parsed;
  const [accessKeyId, scopeDate, region, service, terminator] = credential.split('/');
  if (terminator !== 'aws4_request') {
    return `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  if (service !== key.service) {
    return `Credential should be scoped to correct service: '${key.service}'. `;
  }
  if (region !== key.region) {
    return `Credential should be scoped to a valid region, not '${region}'. `;
  }
  if (accessKeyId !== key.accessKeyId) {
    return 'The security token included in the request is invalid.';
  }
  const signedHeaders = signedHeaderList.split(';');
  const amzDate = header(request.headers, 'x-amz-date');
  if (!amzDate || !signedHeaders.includes('x-amz-date')) {
    return 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.';
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) {
    return 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"';
  }
  if (!signedHeaders.includes('host')) {
    return '\'Host\' must be a signed header (our wording)';
  }
  if (amzDate.slice(0, 8) !== scopeDate) {
    return `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'`;
  }
  // With this header the signer trusts it instead of hashing the body, so compare it with the body here.
  const contentHash = header(request.headers, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    return MISMATCH;
  }

  // Sign the request as received, with exactly the headers the client signed, and compare.
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(request.headers, name);
    if (value === undefined) {
      return MISMATCH;
    }
    headers[name] = value;
  }
  const signer = new SignatureV4({
    service: key.service,
    region: key.region,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    sha256: Sha256,
    applyChecksum: false,
  });
  const expected = await signer.sign({
    method: request.method,
    protocol: 'https:',
    hostname: headers.host,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
  }, { signingDate, signableHeaders: new Set(signedHeaders) });
  return expected.headers.authorization?.endsWith(`Signature=${signature}`) ? undefined : MISMATCH;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `20250101T120000Z` to a Date, or undefined when it has another format. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}
