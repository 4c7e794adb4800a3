import { writeFileSync } from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { ASSOCIATE_MS, POLL_MS } from './deploy';
import { median, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';
import { bootstrapEnvironment, LocalStackDeployment, readStack } from '../../local/deploy';
import { startEmulator } from '../../local/emulator';
import { CustomPackage, PackageProvider, PackageSource } from '../../src';

/**
 * The CustomPackage path end to end: a file published as an asset into an SSE-KMS bootstrap bucket
 * (plain `cdk bootstrap`), staged as SSE-S3 by the handler, copied and validated by the service, then
 * associated, until the association is ACTIVE. Its floor is the emulator's configured copy, validation
 * and association times, which the deployment can only wait for.
 */

/** The service's copy and validation of the file, in the emulator. */
export const COPY_MS = 1000;
export const VALIDATE_MS = 1000;

const STACK = 'BenchPackage';
const DOMAIN = 'bench-domain';

/** S3 calls the handler makes; every other S3 call is the deployment's own (bucket creation, asset publishing). */
const HANDLER_S3_OPERATIONS = ['CopyObject', 'DeleteObject'];

export interface PackagePathResult {
  readonly rounds: number;
  /** deploy() call to its return (publishing included): the median over the rounds, and each round's. */
  readonly totalMs: number;
  readonly totalSamplesMs: number[];
  /** COPY_MS + VALIDATE_MS + ASSOCIATE_MS. */
  readonly floorMs: number;
  readonly ratio: number;
  /** Calls per deployment, by operation: the package API, the handler's S3 calls, and the deployment's own S3 calls. */
  readonly openSearchCalls: Record<string, number>;
  readonly handlerS3Calls: Record<string, number>;
  readonly deployS3Calls: Record<string, number>;
}

export async function runPackageBench(rounds: number, progress: (line: string) => void): Promise<PackagePathResult> {
  const runs: Array<{ totalMs: number; openSearch: Record<string, number>; s3: Record<string, number> }> = [];
  for (let pass = 0; pass < rounds; pass++) {
    const run = await runOnce(pass);
    runs.push(run);
    progress(`package path round ${pass + 1}/${rounds}: ${(run.totalMs / 1000).toFixed(1)} s`);
  }
  const floorMs = COPY_MS + VALIDATE_MS + ASSOCIATE_MS;
  const totalMs = median(runs.map((r) => r.totalMs));
  const s3 = averaged(runs.map((r) => r.s3));
  return {
    rounds,
    totalMs,
    totalSamplesMs: runs.map((r) => r.totalMs),
    floorMs,
    ratio: round(totalMs / floorMs, 2),
    openSearchCalls: averaged(runs.map((r) => r.openSearch)),
    handlerS3Calls: Object.fromEntries(Object.entries(s3).filter(([op]) => HANDLER_S3_OPERATIONS.includes(op))),
    deployS3Calls: Object.fromEntries(Object.entries(s3).filter(([op]) => !HANDLER_S3_OPERATIONS.includes(op))),
  };
}

async function runOnce(pass: number): Promise<{ totalMs: number; openSearch: Record<string, number>; s3: Record<string, number> }> {
  const outdir = makeTempDir('package-path');
  const emulator = await startEmulator({ associateDelayMs: ASSOCIATE_MS, packageCopyDelayMs: COPY_MS, packageValidateDelayMs: VALIDATE_MS });
  const deployment = new LocalStackDeployment(STACK, { environment: emulator.env(), queryIntervalMs: POLL_MS, totalTimeoutMs: 120_000 });
  try {
    await bootstrapEnvironment(emulator.env());
    emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
    // A file of its own each round, as a fresh edit would be.
    const file = path.join(outdir, 'synonyms.txt');
    writeFileSync(file, `ice cream, gelato, frozen custard\nround ${pass}\n`);
    const app = new App({ outdir: path.join(outdir, 'cdk.out') });
    const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(POLL_MS / 1000) });
    const pkg = new CustomPackage(stack, 'Synonyms', {
      source: PackageSource.fromAsset(file),
      packageName: 'bench-synonyms',
      timeout: Duration.minutes(5),
    });
    pkg.associateWith(opensearch.Domain.fromDomainAttributes(stack, 'Domain', {
      domainArn: `arn:aws:es:us-east-1:123456789012:domain/${DOMAIN}`,
      domainEndpoint: `https://search-${DOMAIN}-bench.us-east-1.es.amazonaws.com`,
    }), { timeout: Duration.minutes(5) });
    app.synth();
    const artifact = readStack(path.join(outdir, 'cdk.out'), STACK);

    const started = Date.now();
    await deployment.deploy(artifact);
    const totalMs = Date.now() - started;

    const [association] = emulator.packagesForDomain(DOMAIN);
    if (association?.DomainPackageStatus !== 'ACTIVE') throw new Error(`the package is ${association?.DomainPackageStatus ?? 'not associated'} after the deployment`);
    const stagingBuckets = emulator.callsTo('CopyObject').map((c) => c.pathParams.Bucket);
    if (stagingBuckets.length !== 1 || emulator.s3.listObjects(stagingBuckets[0]).length > 0) throw new Error('the file was not staged once and removed');
    return { totalMs, openSearch: emulator.callCounts(), s3: emulator.s3CallCounts() };
  } finally {
    await deployment.close();
    await emulator.stop();
    removeTempDir(outdir);
  }
}

/** Per-operation counts, averaged over the runs. */
function averaged(counts: Array<Record<string, number>>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const run of counts) for (const [op, n] of Object.entries(run)) sums[op] = (sums[op] ?? 0) + n;
  return Object.fromEntries(Object.entries(sums).map(([op, n]) => [op, round(n / counts.length, 2)]));
}
