/**
 * S3's REST API over path-style HTTP (`/<bucket>/<key>`), for the operations the package path uses:
 * CreateBucket, GetBucketLocation, PutBucketEncryption, GetBucketEncryption, DeleteBucket, ListObjectsV2, PutObject,
 * GetObject, HeadObject, CopyObject and DeleteObject. The JS SDK addresses buckets path-style by itself
 * when its endpoint is an IP address, so `AWS_ENDPOINT_URL_S3=http://127.0.0.1:<port>` is all a client needs.
 * Like the package API, any SigV4-signed request is accepted; errors are S3's XML error documents
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Encryption, noSuchBucket, S3Error, S3Operation, S3Store, StoredObject } from './store';
import { sendFaultyReply } from '../faults/reply-faults';
import { S3Faults } from '../faults/s3-faults';
import type { CallLog, CallRecord } from '../http/call-log';
import { listenOnLoopback } from '../http/http';

export interface S3ServerDependencies {
  readonly store: S3Store;
  /** Injected faults (none when omitted). */
  readonly faults?: S3Faults;
  readonly calls: CallLog;
  readonly onCall?: (call: CallRecord) => void;
}

/** Package files are small; this only stops a runaway client. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Starts the S3 server on 127.0.0.1 (only) and resolves once it listens. */
export async function listenS3(deps: S3ServerDependencies, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => res.destroy(err instanceof Error ? err : undefined));
  });
  await listenOnLoopback(server, port);
  return server;
}

interface S3Request {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

interface S3Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

async function handle(deps: S3ServerDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const [bucket = '', ...keyParts] = url.pathname.slice(1).split('/');
  const request: S3Request = {
    method,
    bucket: decodeURIComponent(bucket),
    key: keyParts.map(decodeURIComponent).join('/'),
    query: url.searchParams,
    headers: req.headers,
    body: decodeBody(req.headers, await readBody(req)),
  };
  const operation = operationOf(request);
  const fault = operation ? deps.faults?.take(operation, request.bucket, request.key) : undefined;
  let answer: S3Answer;
  let error: S3Error | undefined;
  try {
    if (!isSigned(req, url)) throw new S3Error('AccessDenied', 403, 'Anonymous access is denied: the request is not signed');
    if (!operation) throw new S3Error('NotImplemented', 501, `${method} ${url.pathname}${url.search} is not emulated`);
    if (fault?.error) throw new S3Error(fault.error.code, fault.error.status, fault.error.message ?? `Injected ${fault.error.code}`);
    // Lost on the way in: S3 never sees the request.
    answer = fault?.reply === 'dropped' ? { status: 0 } : serve(operation, request, deps.store);
    if (fault?.reply === 'lost') throw new S3Error('InternalError', 500, 'We encountered an internal error. Please try again.');
  } catch (err) {
    error = err instanceof S3Error ? err : new S3Error('InternalError', 500, `Emulator error: ${String(err)}`);
    answer = {
      status: error.status,
      headers: { 'Content-Type': 'application/xml' },
      // HEAD answers carry no body; the SDK then names the error by its status.
      body: method === 'HEAD' ? undefined : xml('Error', `<Code>${error.code}</Code><Message>${escape(error.message)}</Message><RequestId>${randomUUID()}</RequestId>`),
    };
  }
  const body = answer.body === undefined ? undefined : Buffer.from(answer.body);
  let status = answer.status;
  if (fault?.reply && fault.reply !== 'lost' && !error) {
    status = sendFaultyReply(fault.reply, req, res, body?.toString('utf-8') ?? '', answer.headers?.['Content-Type'] ?? 'application/xml');
  } else {
    res.writeHead(answer.status, {
      'x-amz-request-id': randomUUID(),
      ...answer.headers,
      'Content-Length': String(method === 'HEAD' ? answer.headers?.['Content-Length'] ?? 0 : body?.length ?? 0),
    });
    res.end(method === 'HEAD' ? undefined : body);
  }

  const call: CallRecord = {
    operation: operation ?? 'Unknown',
    method,
    path: url.pathname,
    pathParams: { Bucket: request.bucket, ...(request.key ? { Key: request.key } : {}) },
    query: Object.fromEntries(url.searchParams),
    body: operation === 'CopyObject' ? { CopySource: header(request, 'x-amz-copy-source') } : undefined,
    status,
    errorType: error?.code,
    errorMessage: error?.message,
    response: answer.headers?.['x-amz-server-side-encryption'] ? { ServerSideEncryption: answer.headers['x-amz-server-side-encryption'] } : undefined,
    injected: fault !== undefined,
    time: started,
    durationMs: Date.now() - started,
  };
  deps.calls.record(call);
  deps.onCall?.(call);
}

function operationOf({ method, bucket, key, query, headers }: S3Request): S3Operation | undefined {
  if (!bucket) return undefined;
  if (!key) {
    if (query.has('encryption')) return method === 'PUT' ? 'PutBucketEncryption' : method === 'GET' ? 'GetBucketEncryption' : undefined;
    if (query.has('location')) return method === 'GET' ? 'GetBucketLocation' : undefined;
    if (method === 'PUT') return 'CreateBucket';
    if (method === 'DELETE') return 'DeleteBucket';
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2';
    return undefined;
  }
  switch (method) {
    case 'PUT': return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'GET': return 'GetObject';
    case 'HEAD': return 'HeadObject';
    case 'DELETE': return 'DeleteObject';
    default: return undefined;
  }
}

function serve(operation: S3Operation, request: S3Request, store: S3Store): S3Answer {
  const { bucket, key } = request;
  switch (operation) {
    case 'CreateBucket':
      store.createBucket(bucket);
      return { status: 200, headers: { Location: `/${bucket}` } };
    case 'GetBucketLocation':
      if (!store.hasBucket(bucket)) throw noSuchBucket(bucket);
      // us-east-1 answers an empty LocationConstraint; every emulated bucket lives in the emulator's one Region.
      return xmlAnswer('LocationConstraint', '');
    case 'PutBucketEncryption':
      store.setBucketEncryption(bucket, parseEncryptionConfiguration(request.body.toString('utf-8')));
      return { status: 200 };
    case 'GetBucketEncryption': {
      const encryption = store.bucketEncryption(bucket);
      const keyId = encryption.kmsKeyId ? `<KMSMasterKeyID>${escape(encryption.kmsKeyId)}</KMSMasterKeyID>` : '';
      return xmlAnswer('ServerSideEncryptionConfiguration',
        `<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${encryption.algorithm}</SSEAlgorithm>${keyId}</ApplyServerSideEncryptionByDefault>`
        + '<BucketKeyEnabled>false</BucketKeyEnabled></Rule>');
    }
    case 'DeleteBucket':
      store.deleteBucket(bucket);
      return { status: 204 };
    case 'ListObjectsV2': {
      const prefix = request.query.get('prefix') ?? '';
      const objects = store.listObjects(bucket, prefix);
      const contents = objects.map((o) => `<Contents><Key>${escape(o.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>`
        + `<ETag>${escape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('');
      return xmlAnswer('ListBucketResult', `<Name>${escape(bucket)}</Name><Prefix>${escape(prefix)}</Prefix><KeyCount>${objects.length}</KeyCount>`
        + `<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}`);
    }
    case 'PutObject': {
      const object = store.putObject(bucket, key, request.body, {
        encryption: requestedEncryption(request),
        contentType: header(request, 'content-type'),
      });
      return { status: 200, headers: { ETag: object.etag, ...encryptionHeaders(object.encryption) } };
    }
    case 'GetObject':
    case 'HeadObject': {
      const object = store.getObject(bucket, key);
      return { status: 200, headers: objectHeaders(object), body: object.body };
    }
    case 'CopyObject': {
      const object = store.copyObject(parseCopySource(header(request, 'x-amz-copy-source')!), bucket, key, requestedEncryption(request));
      return xmlAnswer('CopyObjectResult', `<ETag>${escape(object.etag)}</ETag><LastModified>${object.lastModified.toISOString()}</LastModified>`,
        encryptionHeaders(object.encryption));
    }
    case 'DeleteObject':
      store.deleteObject(bucket, key);
      return { status: 204 };
  }
}

/** `x-amz-server-side-encryption` (and its KMS key id) of a PutObject/CopyObject, if any. */
function requestedEncryption(request: S3Request): Encryption | undefined {
  const algorithm = header(request, 'x-amz-server-side-encryption');
  if (algorithm === undefined) return undefined;
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
    throw new S3Error('InvalidArgument', 400, `Server Side Encryption with ${algorithm} is not emulated`);
  }
  return { algorithm, kmsKeyId: header(request, 'x-amz-server-side-encryption-aws-kms-key-id') };
}

function encryptionHeaders(encryption: Encryption): Record<string, string> {
  return {
    'x-amz-server-side-encryption': encryption.algorithm,
    ...(encryption.algorithm === 'aws:kms' ? { 'x-amz-server-side-encryption-aws-kms-key-id': encryption.kmsKeyId ?? 'aws/s3' } : {}),
  };
}

function objectHeaders(object: StoredObject): Record<string, string> {
  return {
    'Content-Type': object.contentType ?? 'binary/octet-stream',
    'Content-Length': String(object.body.length),
    'ETag': object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    ...encryptionHeaders(object.encryption),
  };
}

/** `bucket/key` or `/bucket/key`, URL-encoded, optionally with `?versionId=` (which we don't model). */
function parseCopySource(value: string): { bucket: string; key: string } {
  const [path] = value.replace(/^\//, '').split('?');
  const [bucket, ...key] = path.split('/');
  if (!bucket || key.length === 0) throw new S3Error('InvalidArgument', 400, `Copy Source must mention the source bucket and key: ${value}`);
  return { bucket: decodeURIComponent(bucket), key: key.map(decodeURIComponent).join('/') };
}

function parseEncryptionConfiguration(body: string): Encryption {
  const algorithm = /<SSEAlgorithm>([^<]+)<\/SSEAlgorithm>/.exec(body)?.[1];
  if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
    throw new S3Error('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  const kmsKeyId = /<KMSMasterKeyID>([^<]+)<\/KMSMasterKeyID>/.exec(body)?.[1];
  return { algorithm, kmsKeyId };
}

function header(request: S3Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isSigned(req: IncomingMessage, url: URL): boolean {
  return /^AWS4-HMAC-SHA256\s+Credential=\S+/.test(req.headers.authorization ?? '')
    || (url.searchParams.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' && url.searchParams.has('X-Amz-Credential'));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Undoes `Content-Encoding: aws-chunked`, which the SDK uses to send a streamed body with a trailing
 * checksum: `<hex size>[;chunk-signature=...]\r\n<data>\r\n` ... `0\r\n<trailers>\r\n\r\n`.
 */
function decodeBody(headers: IncomingMessage['headers'], raw: Buffer): Buffer {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  if (!encoding.includes('aws-chunked') && !sha.startsWith('STREAMING-')) return raw;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(offset, lineEnd).toString('ascii').split(';')[0], 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function xml(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${XMLNS}">${inner}</${root}>`;
}

function xmlAnswer(root: string, inner: string, headers: Record<string, string> = {}): S3Answer {
  return { status: 200, headers: { 'Content-Type': 'application/xml', ...headers }, body: xml(root, inner) };
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
