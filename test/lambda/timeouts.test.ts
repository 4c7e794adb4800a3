import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ListPackagesForDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../lambda/package/staging';
import { createOpenSearchClient, addAttemptWatchdog, DEFAULT_TIMEOUTS, requestHandlerOptions } from '../../lambda/shared/clients';
import { isTransient } from '../../lambda/shared/errors';

/**
 * Every call gives up on a hang, whatever the HTTP handler does: a local server that accepts
 * requests and never answers stands for a service whose reply never comes.
 */
const SHORT = { connectionMs: 100, requestMs: 200 };

class SilentServer {
  public requests = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer(() => { this.requests += 1; });

  async start(): Promise<string> {
    this.server.on('connection', (socket) => this.sockets.add(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
let server: SilentServer;
let endpoint: string;

beforeEach(async () => {
  server = new SilentServer();
  endpoint = await server.start();
  process.env.AWS_MAX_ATTEMPTS = '2';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
});
afterEach(async () => {
  for (const name of ['AWS_MAX_ATTEMPTS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[name];
  await server.stop();
});

async function failureOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  return promise.then(() => { throw new Error('expected the call to give up'); }, (error: Error) => error);
}

test('the shipped timeouts: a hang on every attempt ends well before the 5-minute function timeout', () => {
  expect(requestHandlerOptions(DEFAULT_TIMEOUTS)).toEqual({ connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true });
});

test('the package API client gives up on a hang, retries it as transient, and says so', async () => {
  process.env.AWS_ENDPOINT_URL_OPENSEARCH = endpoint;
  const client = createOpenSearchClient(SHORT);
  try {
    const error = await failureOf(client.send(new ListPackagesForDomainCommand({ DomainName: 'search' })));
    expect(error.name).toBe('TimeoutError');
    expect(isTransient(error)).toBe(true);
    expect(error.$metadata?.attempts).toBe(2);
    expect(server.requests).toBe(2);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_OPENSEARCH;
    client.destroy();
  }
});

test('the S3 client gives up on a hang too', async () => {
  process.env.AWS_ENDPOINT_URL_S3 = endpoint;
  const client = createS3Client(SHORT);
  try {
    const error = await failureOf(client.send(new DeleteObjectCommand({ Bucket: 'staging', Key: 'a/b.txt' })));
    expect(error.name).toBe('TimeoutError');
    expect(server.requests).toBe(2);
  } finally {
    delete process.env.AWS_ENDPOINT_URL_S3;
    client.destroy();
  }
});

test('the watchdog alone ends an attempt when the HTTP handler\'s own timeout never fires (an SDK that only warns)', async () => {
  let handled = 0;
  const client = new OpenSearchClient({
    region: 'us-east-1',
    credentials,
    endpoint,
    maxAttempts: 2,
    // An HTTP handler that never settles: what a runtime whose requestTimeout only logs a warning amounts to.
    requestHandler: { handle: () => { handled += 1; return new Promise(() => undefined); } } as never,
  });
  addAttemptWatchdog(client, SHORT);
  try {
    const error = await failureOf(client.send(new ListPackagesForDomainCommand({ DomainName: 'search' })));
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('the request got no answer within 300 ms');
    expect(handled).toBe(2);
  } finally {
    client.destroy();
  }
});
