import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { drawAssociationMs, drawPackageProcessing } from './aws-timings';
import { FileSource, ServiceContext, StrategyFailed, WaitingStrategy } from './service';
import { VirtualClock } from './virtual-clock';
import { startEmulator } from '../../../local/emulator';

/** A deployment shape every strategy runs, on the same drawn service times. */
export interface PeerShape {
  readonly key: 'single' | 'chain' | 'parallel' | 'file';
  readonly title: string;
  readonly associations: number;
  readonly domains: number;
  readonly trials: number;
}

/** One strategy's run of one trial. */
export interface TrialRun {
  /** First request to the strategy's last "done". */
  readonly totalMs: number;
  /** What the service itself took: the associations (in turn on one domain), plus copy and validation for a file. */
  readonly floorMs: number;
  /** Per association: ACTIVE in the emulator to the strategy reporting it done. */
  readonly activeToDoneMs: number[];
  readonly calls: Record<string, number>;
  readonly misses: number;
  /** Why the strategy, as published, failed the deployment; its times are then not counted. */
  readonly failure?: string;
}

/** The times one trial draws, shared by every strategy in it. */
interface Draws {
  readonly associationMs: number[];
  readonly copyMs: number;
  readonly validateMs: number;
}

let nextPackage = 2_000_000_000;

/**
 * The ports of the first trial's emulator, for every later one: the handler keeps its S3 client from
 * one invocation to the next, as a warm Lambda container does, so the endpoint must not move.
 */
let ports: { port: number; s3Port: number } | undefined;

/**
 * Runs every strategy through one trial of `shape`, one after the other, each on a fresh virtual clock.
 * `random` is the bench's one seeded stream: a generator per trial, seeded in steps, would draw
 * times in lockstep from trial to trial.
 */
export async function runTrial(shape: PeerShape, trial: number, strategies: readonly WaitingStrategy[], random: () => number): Promise<TrialRun[]> {
  const associationMs = Array.from({ length: shape.associations }, () => drawAssociationMs(random));
  const { copyMs, validateMs } = drawPackageProcessing(random);
  const draws: Draws = { associationMs, copyMs, validateMs };

  let clock = new VirtualClock();
  const emulator = await startEmulator({
    clock: () => clock.now(),
    packageCopyDelayMs: copyMs,
    packageValidateDelayMs: validateMs,
    maxPackagesPerRegion: 100_000,
    ...ports,
  });
  ports ??= { port: emulator.port, s3Port: Number(new URL(emulator.s3Endpoint).port) };
  // The handler bundle runs in this process and finds the emulator through these, as in Lambda.
  const emulatorEnv = emulator.env();
  const savedEnv = Object.fromEntries(Object.keys(emulatorEnv).map((name) => [name, process.env[name]]));
  Object.assign(process.env, emulatorEnv);
  const client = new OpenSearchClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  try {
    const runs: TrialRun[] = [];
    for (const [index, strategy] of strategies.entries()) {
      clock = new VirtualClock();
      emulator.clearCalls();
      const giveDrawnTime = (packageId: string) => emulator.setPackageTiming(packageId, { associateDelayMs: draws.associationMs[0] });
      const service = new ServiceContext(clock, client, giveDrawnTime);
      const prefix = `s${index}t${trial}`;
      const domains = Array.from({ length: shape.domains }, (_, d) => `${prefix}-d${d}`);
      for (const name of domains) emulator.addDomain(name, { engineVersion: 'OpenSearch_2.19' });
      const done: Array<{ domainName: string; packageId: string; at: number }> = [];
      const finish = (domainName: string, packageId: string): void => {
        done.push({ domainName, packageId, at: clock.now() });
      };

      let work: Array<Promise<void>>;
      if (shape.key === 'file') {
        const file: FileSource = { bucket: `${prefix}-source`, key: 'synonyms.txt', packageName: `${prefix}-synonyms`, stagingBucket: `${prefix}-staging` };
        emulator.s3.createBucket(file.bucket);
        emulator.s3.createBucket(file.stagingBucket);
        emulator.s3.putObject(file.bucket, file.key, Buffer.from('ice cream, gelato\n'));
        work = [strategy.fileToActive(service, file, domains[0]).then(() => {
          const [association] = emulator.packagesForDomain(domains[0]);
          finish(domains[0], association!.PackageID!);
        })];
      } else {
        const targets = draws.associationMs.map((ms, i) => {
          const packageId = `F${nextPackage++}`;
          emulator.addPackage({ packageId, packageName: `${prefix}-p${i}`, packageType: 'TXT-DICTIONARY', associateDelayMs: ms });
          return { domainName: domains[i % shape.domains], packageId };
        });
        work = shape.key === 'chain'
          ? [(async () => {
            for (const t of targets) {
              await strategy.associate(service, t.domainName, t.packageId);
              finish(t.domainName, t.packageId);
            }
          })()]
          : targets.map((t) => strategy.associate(service, t.domainName, t.packageId).then(() => finish(t.domainName, t.packageId)));
      }

      const startedAt = clock.now();
      let failure: string | undefined;
      try {
        await clock.run(work);
      } catch (error) {
        if (!(error instanceof StrategyFailed)) throw error;
        failure = error.message;
      }
      const activeToDoneMs = failure ? [] : done.map((d) => {
        const association = emulator.association(d.domainName, d.packageId);
        if (association?.DomainPackageStatus !== 'ACTIVE') throw new Error(`${strategy.key} reported ${d.packageId} done while ${association?.DomainPackageStatus}`);
        return d.at - association.LastUpdated! * 1000;
      });
      runs.push({
        totalMs: failure ? NaN : Math.max(...done.map((d) => d.at)) - startedAt,
        floorMs: floorOf(shape, draws),
        activeToDoneMs,
        calls: emulator.callCounts(),
        misses: service.misses,
        failure,
      });
    }
    return runs;
  } finally {
    client.destroy();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.stop();
  }
}

function floorOf(shape: PeerShape, draws: Draws): number {
  switch (shape.key) {
    case 'single': return draws.associationMs[0];
    case 'chain': return draws.associationMs.reduce((sum, ms) => sum + ms, 0);
    case 'parallel': return Math.max(...draws.associationMs);
    case 'file': return draws.copyMs + draws.validateMs + draws.associationMs[0];
  }
}
