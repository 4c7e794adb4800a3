import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { POLL_MS } from './deploy';
import { median, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';
import { bootstrapEnvironment, LocalStackDeployment, readStack } from '../../local/deploy';
import { startEmulator } from '../../local/emulator';
import { CustomPackage, PackageAssociation, PackageProvider, PluginInstallation } from '../../src';

/**
 * A third-party plugin with its license and configuration: deployed as one PluginInstallation
 * (one AssociatePackages call) against three PackageAssociations (the plugin, then the license and the
 * configuration naming it, one after another). The packages are seeded AVAILABLE in the emulator, so
 * only the associations are timed. Every association takes PLUGIN_ASSOCIATE_MS, the emulator's stand-in
 * for the plugin's blue/green deployment, during which the domain refuses other package operations.
 */

/** The emulator's association time, a plugin's blue/green deployment in small. */
export const PLUGIN_ASSOCIATE_MS = 3000;

const STACK = 'BenchPluginBatch';
const DOMAIN = 'bench-domain';
const PLUGIN = 'pkg-0a0a';
const LICENSE = 'pkg-1b1b';
const CONFIG = 'pkg-2c2c';

export interface PluginBatchResult {
  readonly rounds: number;
  /** deploy() call to its return, median over the rounds, and each round's. */
  readonly batchMs: number;
  readonly batchSamplesMs: number[];
  readonly singleMs: number;
  readonly singleSamplesMs: number[];
  /** singleMs / batchMs. */
  readonly speedup: number;
  readonly associateDelayMs: number;
}

type Path = 'batch' | 'single';

export async function runPluginBatchBench(rounds: number, progress: (line: string) => void): Promise<PluginBatchResult> {
  const samples: Record<Path, number[]> = { batch: [], single: [] };
  for (let pass = 0; pass < rounds; pass++) {
    // Interleaved, so a slow moment of the machine hits both paths alike.
    for (const which of ['batch', 'single'] as const) {
      const ms = await deployOnce(which);
      samples[which].push(ms);
      progress(`plugin ${which} round ${pass + 1}/${rounds}: ${(ms / 1000).toFixed(1)} s`);
    }
  }
  const batchMs = median(samples.batch);
  const singleMs = median(samples.single);
  return {
    rounds,
    batchMs,
    batchSamplesMs: samples.batch,
    singleMs,
    singleSamplesMs: samples.single,
    speedup: round(singleMs / batchMs, 2),
    associateDelayMs: PLUGIN_ASSOCIATE_MS,
  };
}

async function deployOnce(which: Path): Promise<number> {
  const outdir = makeTempDir('plugin-batch');
  const emulator = await startEmulator({ associateDelayMs: PLUGIN_ASSOCIATE_MS });
  const deployment = new LocalStackDeployment(STACK, { environment: emulator.env(), queryIntervalMs: POLL_MS, totalTimeoutMs: 120_000 });
  try {
    await bootstrapEnvironment(emulator.env());
    emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
    emulator.addPackage({ packageId: PLUGIN, packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
    emulator.addPackage({ packageId: LICENSE, packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
    emulator.addPackage({ packageId: CONFIG, packageName: 'lockbox-config', packageType: 'PACKAGE-CONFIG' });
    const app = new App({ outdir: path.join(outdir, 'cdk.out') });
    const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(POLL_MS / 1000) });
    const domain = opensearch.Domain.fromDomainAttributes(stack, 'Domain', {
      domainArn: `arn:aws:es:us-east-1:123456789012:domain/${DOMAIN}`,
      domainEndpoint: `https://search-${DOMAIN}-bench.us-east-1.es.amazonaws.com`,
    });
    if (which === 'batch') {
      const [plugin, license, configuration] = [PLUGIN, LICENSE, CONFIG].map((id) => CustomPackage.fromPackageId(stack, `Package-${id}`, id));
      new PluginInstallation(stack, 'Lockbox', { domain, plugin, license, configuration });
    } else {
      const single = (id: string, prerequisites?: string[]) => new PackageAssociation(stack, id, {
        domain, packageId: id, prerequisitePackageIds: prerequisites, createOutput: false, timeout: Duration.minutes(5),
      });
      single(PLUGIN);
      single(LICENSE, [PLUGIN]);
      single(CONFIG, [PLUGIN]);
    }
    app.synth();
    const artifact = readStack(path.join(outdir, 'cdk.out'), STACK);

    const started = Date.now();
    await deployment.deploy(artifact);
    const totalMs = Date.now() - started;

    const statuses = [PLUGIN, LICENSE, CONFIG].map((id) => emulator.association(DOMAIN, id)?.DomainPackageStatus);
    if (statuses.some((s) => s !== 'ACTIVE')) throw new Error(`plugin ${which}: associations are ${statuses.join(', ')} after the deployment`);
    const batches = emulator.callsTo('AssociatePackages').length;
    if ((which === 'batch') !== (batches > 0)) throw new Error(`plugin ${which}: ${batches} AssociatePackages calls`);
    return totalMs;
  } finally {
    await deployment.close();
    await emulator.stop();
    removeTempDir(outdir);
  }
}

/** The bench table's row. */
export function pluginBatchRow(r: PluginBatchResult): [string, string, string, string] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    'Deploy: plugin + license + config in one AssociatePackages (PluginInstallation)',
    `${s(r.batchMs)} (runs: ${r.batchSamplesMs.map(s).join(', ')})`,
    `one by one (3 PackageAssociations): ${s(r.singleMs)} (runs: ${r.singleSamplesMs.map(s).join(', ')}); association ${s(r.associateDelayMs)} each`,
    `${r.speedup.toFixed(2)}× faster`,
  ];
}
