/**
 * Shared setup of the emulator tests that drive it through the real @aws-sdk/client-opensearch:
 * a fresh emulator per test with one domain, its S3 sources, and a client that does not retry.
 */
import { DomainPackageDetails, ListPackagesForDomainCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { Emulator, EmulatorOptions, startEmulator } from '../../local/emulator';

export const DOMAIN = 'my-domain';
export const OTHER_DOMAIN = 'other-domain';
export const PKG = 'F123456789';
export const PKG2 = 'F223456789';
export const SOURCE = { S3BucketName: 'my-bucket', S3Key: 'synonyms.txt' };

// Short delays keep the file fast while leaving room to observe every intermediate status.
const FAST: EmulatorOptions = {
  associateDelayMs: 150,
  dissociateDelayMs: 150,
  packageCopyDelayMs: 60,
  packageValidateDelayMs: 80,
};

let emu: Emulator | undefined;
let client: OpenSearchClient | undefined;

/** Starts a fresh emulator with one domain and a client that does not retry (so every fault is visible). */
export async function setup(options: EmulatorOptions = {}): Promise<{ emu: Emulator; client: OpenSearchClient }> {
  emu = await startEmulator({ ...FAST, ...options });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  // The files the packages below are made from: the service copies them from S3 (SSE-S3, which it can read).
  emu.s3.createBucket(SOURCE.S3BucketName);
  for (const key of [SOURCE.S3Key, 'synonyms-v2.txt']) emu.s3.putObject(SOURCE.S3BucketName, key, Buffer.from('ice cream, gelato\n'));
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
  return { emu, client };
}

/** Stops the emulator `setup` started: every test file runs it `afterEach`. */
export async function stopEmulator(): Promise<void> {
  client?.destroy();
  client = undefined;
  await emu?.stop();
  emu = undefined;
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `read` until `done` accepts its result; fails after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await sleep(20);
  }
}

export async function listForDomain(c: OpenSearchClient, domainName = DOMAIN): Promise<DomainPackageDetails[]> {
  const out = await c.send(new ListPackagesForDomainCommand({ DomainName: domainName }));
  return out.DomainPackageDetailsList ?? [];
}

export async function statusOf(c: OpenSearchClient, packageId: string, domainName = DOMAIN): Promise<string | undefined> {
  return (await listForDomain(c, domainName)).find(d => d.PackageID === packageId)?.DomainPackageStatus;
}

/** Signs nothing, but carries the header shape the emulator requires, for raw fetch calls. */
export const FAKE_SIGV4 = { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/es/aws4_request, SignedHeaders=host, Signature=00' };
