/**
 * A small client for the emulator's domain endpoints, for tests and the demo: signs a request the way
 * SigV4 clients do (or deliberately does not) and sends it over HTTPS that trusts the emulator's
 * certificate and nothing else.
 */
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { DUMMY_CREDENTIALS } from '../http/credentials';
import { exchange } from '../http/http';
import type { Emulator } from '../index';

export interface DomainRequest {
  readonly method: 'GET' | 'PUT' | 'DELETE' | 'POST';
  /** Path inside the domain, e.g. `/_index_template/products`. */
  readonly path: string;
  /** Query parameters, signed with the rest, e.g. `{ create: 'true' }`. */
  readonly query?: Record<string, string>;
  /** JSON text, or an object to serialize. */
  readonly body?: string | object;
  /** How to sign: `false` sends no Authorization header; fields override the emulator's service, Region and keys. */
  readonly sign?: false | { service?: string; region?: string; accessKeyId?: string; secretAccessKey?: string };
  /** Sent instead of what was signed, to show that a changed body or path breaks the signature. */
  readonly afterSigning?: { readonly body?: string; readonly path?: string; readonly query?: Record<string, string> };
}

export interface DomainAnswer {
  readonly status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  readonly body: any;
}

/** Sends one request to `https://<emulator.domainEndpoint(domainName)><path>`. */
export async function callDomain(emulator: Emulator, domainName: string, req: DomainRequest): Promise<DomainAnswer> {
  const url = new URL(`https://${emulator.domainEndpoint(domainName)}${req.path}`);
  const query = req.query ?? {};
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const body = typeof req.body === 'object' ? JSON.stringify(req.body) : req.body;
  let headers: Record<string, string> = { host: url.host };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (req.sign !== false) {
    const signer = new SignatureV4({
      service: req.sign?.service ?? 'es',
      region: req.sign?.region ?? emulator.region,
      credentials: {
        accessKeyId: req.sign?.accessKeyId ?? DUMMY_CREDENTIALS.accessKeyId,
        secretAccessKey: req.sign?.secretAccessKey ?? DUMMY_CREDENTIALS.secretAccessKey,
      },
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: req.method, protocol: 'https:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, body,
    });
    headers = signed.headers;
  }
  const sent = req.afterSigning?.body ?? body;
  const target = new URL(`https://${emulator.domainEndpoint(domainName)}${req.afterSigning?.path ?? req.path}`);
  for (const [name, value] of Object.entries(req.afterSigning?.query ?? query)) target.searchParams.set(name, value);
  const answer = await exchange(target, { method: req.method, headers, ca: readFileSync(emulator.caCertificateFile) }, sent);
  return { status: answer.status, body: parseOrText(answer.body) };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
