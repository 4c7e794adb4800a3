import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListPackagesForDomainCommand } from '@aws-sdk/client-opensearch';
import { findDomainPackage } from '../../lambda/association/service-state';
import { CONNECTION_TIMEOUT_MS, createOpenSearchClient, MAX_ATTEMPTS, openSearchClient, REQUEST_TIMEOUT_MS, RETRY_MODE, resetSdkCalls, sdkCallsSoFar } from '../../lambda/shared/clients';
import type { OnEventRequest } from '../../lambda/shared/events';
import { runStep } from '../../lambda/shared/step';

describe('retry settings', () => {
  test('allow well beyond the SDK default of 3 attempts', async () => {
    const client = createOpenSearchClient();
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(8);
    await expect(client.config.maxAttempts()).resolves.toBe(MAX_ATTEMPTS);
  });

  test('use the standard retry mode', async () => {
    const client = createOpenSearchClient();
    expect(RETRY_MODE).toBe('standard');
    await expect(client.config.retryStrategy()).resolves.toMatchObject({ mode: 'standard' });
  });

  test('one client serves all calls of a step', () => {
    expect(openSearchClient()).toBe(openSearchClient());
  });

  test('every step gets a new client, so a warm container never inherits a drained retry quota', async () => {
    const seen: unknown[] = [];
    const event = { RequestType: 'Create', PhysicalResourceId: 'x' } as unknown as OnEventRequest;
    const step = async () => {
      seen.push(openSearchClient());
      return { response: {}, report: { outcome: 'test' } };
    };
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await runStep('isComplete', event, step);
      await runStep('isComplete', event, step);
    } finally {
      log.mockRestore();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });

  test('set connection and request timeouts well below the 5-minute Lambda timeout', async () => {
    const handler = createOpenSearchClient().config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> };
    const config = await handler.configProvider;
    expect(config).toMatchObject({ connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS });
    // Every attempt timing out, plus the standard mode's backoff (under 30 s), still ends before Lambda does.
    expect(MAX_ATTEMPTS * (CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS) + 30_000).toBeLessThan(300_000);
  });

  test('AWS_MAX_ATTEMPTS, the SDK\'s own setting, still wins when set', async () => {
    process.env.AWS_MAX_ATTEMPTS = '2';
    try {
      await expect(createOpenSearchClient().config.maxAttempts()).resolves.toBe(2);
    } finally {
      delete process.env.AWS_MAX_ATTEMPTS;
    }
  });
});

/** A stand-in for the service that answers each request with the next canned response. */
class CannedService {
  public readonly paths: string[] = [];
  private readonly server: Server;

  constructor(private readonly responses: Array<{ status: number; headers?: Record<string, string>; body?: unknown; raw?: string }>) {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => this.answer(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    this.paths.push(request.url ?? '');
    const next = this.responses[Math.min(this.paths.length, this.responses.length) - 1];
    response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    response.end(typeof next.raw === 'string' ? next.raw : JSON.stringify(next.body));
  }
}

describe('client against an endpoint given by the environment', () => {
  const ENV_KEYS = ['AWS_ENDPOINT_URL_OPENSEARCH', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
  const savedEnv: Record<string, string | undefined> = {};
  let service: CannedService | undefined;

  async function useService(responses: ConstructorParameters<typeof CannedService>[0]): Promise<CannedService> {
    service = new CannedService(responses);
    process.env.AWS_ENDPOINT_URL_OPENSEARCH = await service.start();
    return service;
  }

  beforeEach(() => {
    for (const key of ENV_KEYS) {
      savedEnv[key] = process.env[key];
      delete process.env[key];
    }
    // Fake credentials: the request is signed but only ever reaches the local stand-in.
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'example-secret';
  });

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = savedEnv[key];
      }
    }
  });

  test('sends requests to AWS_ENDPOINT_URL_OPENSEARCH', async () => {
    const canned = await useService([{ status: 200, body: { DomainPackageDetailsList: [{ PackageID: 'F1', DomainPackageStatus: 'ACTIVE' }] } }]);

    const output = await createOpenSearchClient().send(new ListPackagesForDomainCommand({ DomainName: 'search-domain', MaxResults: 100 }));

    expect(output.DomainPackageDetailsList?.[0]?.PackageID).toBe('F1');
    expect(canned.paths).toEqual(['/2021-01-01/domain/search-domain/packages?maxResults=100']);
  });

  test.each([
    ['an unreadable 200 body', { status: 200, raw: '<html>proxy error' }],
    ['a 200 without the list', { status: 200, raw: '{}' }],
    ['a 502 from a proxy', { status: 502, raw: '<html>Bad Gateway</html>' }],
  ])('in isComplete, %s from the real SDK is classified transient: "not yet"', async (_label, reply) => {
    process.env.AWS_MAX_ATTEMPTS = '1';
    await useService([reply]);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const event = { RequestType: 'Delete', PhysicalResourceId: 'x' } as unknown as OnEventRequest;
      const response = await runStep('isComplete', event, async () => {
        await findDomainPackage(openSearchClient(), { domainName: 'search-domain', packageId: 'F1' });
        return { response: { IsComplete: true }, report: { outcome: 'complete' } };
      });
      expect(response).toEqual({ IsComplete: false });
      expect(JSON.parse(log.mock.calls[0][0] as string)).toMatchObject({ outcome: 'transient-error-retry-next-poll' });
    } finally {
      log.mockRestore();
      delete process.env.AWS_MAX_ATTEMPTS;
    }
  });

  test('retries throttling beyond the SDK default of 3 attempts', async () => {
    const throttled = { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } };
    const canned = await useService([throttled, throttled, throttled, { status: 200, body: { DomainPackageDetailsList: [] } }]);

    const output = await createOpenSearchClient().send(new ListPackagesForDomainCommand({ DomainName: 'search-domain' }));

    expect(output.DomainPackageDetailsList).toEqual([]);
    expect(canned.paths).toHaveLength(4);
  }, 30_000);

  test('counts calls and attempts, retries included, for the step\'s log line', async () => {
    const throttled = { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } };
    const notFound = { status: 409, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: { message: 'Domain not found: nope' } };
    await useService([throttled, throttled, { status: 200, body: { DomainPackageDetailsList: [] } }, notFound]);
    const client = createOpenSearchClient();

    resetSdkCalls();
    expect(sdkCallsSoFar()).toEqual({});
    await client.send(new ListPackagesForDomainCommand({ DomainName: 'search-domain' }));
    expect(sdkCallsSoFar()).toEqual({ apiCalls: 1, attempts: 3 });
    // A failed call counts too: ResourceNotFound is not retried.
    await expect(client.send(new ListPackagesForDomainCommand({ DomainName: 'nope' }))).rejects.toThrow('Domain not found: nope');
    expect(sdkCallsSoFar()).toEqual({ apiCalls: 2, attempts: 4 });
  }, 30_000);

  test('a step\'s log line carries its calls and attempts, and never the credentials or the signature', async () => {
    const throttled = { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } };
    await useService([throttled, { status: 200, body: { DomainPackageDetailsList: [] } }]);
    process.env.AWS_SESSION_TOKEN = 'example-session-token';
    const client = createOpenSearchClient();
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    try {
      const event = { RequestType: 'Create', ResponseURL: 'https://example.com/presigned?X-Amz-Signature=abc' } as unknown as OnEventRequest;
      await runStep('onEvent', event, async () => {
        await client.send(new ListPackagesForDomainCommand({ DomainName: 'search-domain' }));
        return { response: {}, report: { domainName: 'search-domain', packageId: 'F1', outcome: 'complete', status: 'ACTIVE' } };
      });
    } finally {
      log.mockRestore();
    }

    const expected = { handler: 'onEvent', requestType: 'Create', domainName: 'search-domain', packageId: 'F1', outcome: 'complete', status: 'ACTIVE', apiCalls: 1, attempts: 2 };
    expect(lines.map(line => JSON.parse(line))).toEqual([expected]);
    for (const secret of ['AKIDEXAMPLE', 'example-secret', 'example-session-token', 'Signature', 'presigned']) {
      expect(lines.join('\n')).not.toContain(secret);
    }
  }, 30_000);
});
