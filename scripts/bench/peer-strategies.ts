import { performance } from 'perf_hooks';
import { Duration } from 'aws-cdk-lib';
import { ASSOCIATION_MS, PACKAGE_COPY_MS, PACKAGE_VALIDATE_MS } from './peers/aws-timings';
import { fixedSleep } from './peers/fixed-sleep';
import { ourStrategy } from './peers/ours';
import { sdkSample } from './peers/sdk-sample';
import { seededRandom } from './peers/seeded-random';
import { WaitingStrategy } from './peers/service';
import { synthesizeOurProperties } from './peers/synthesized-properties';
import { terraform } from './peers/terraform';
import { PeerShape, runTrial, TrialRun } from './peers/trial';
import { round } from './stats';

/**
 * Our waiting strategy side by side with the peers', on the same drawn AWS-like service times, in
 * one run. Time is virtual (see peers/virtual-clock.ts): every wait is at AWS's own length, unscaled,
 * and only the API calls and handler invocations take real time, charged as measured.
 */

/** The seed of every draw: change it and every strategy sees other times, all the same ones. */
export const PEER_SEED = 26;
/** Our provider's default pollInterval (DEFAULT_POLL_INTERVAL in src/private/provider.ts). */
export const OUR_POLL_MS = 5_000;
/** The prototype that closes most of the half-poll gap: isComplete looks again within one invocation. */
export const RELOOK = { looks: 30, spacingMs: 2_000 } as const;
/** The earlier default: half the calls of ours, and the half-poll gap of the peers that poll every 10 s. */
export const LONG_POLL_MS = 10_000;

export const PEER_SHAPES: readonly PeerShape[] = [
  { key: 'single', title: '1 association', associations: 1, domains: 1, trials: 40 },
  { key: 'chain', title: '10 associations on 1 domain (one after another)', associations: 10, domains: 1, trials: 4 },
  { key: 'parallel', title: '10 associations on 10 domains', associations: 10, domains: 10, trials: 6 },
  { key: 'file', title: 'CustomPackage: file → AVAILABLE → ACTIVE', associations: 1, domains: 1, trials: 20 },
];

export interface StrategySummary {
  readonly key: string;
  readonly label: string;
  readonly source: string;
  /** Trials the strategy completed, and why it failed the others (as published, the deployment fails). */
  readonly completed: number;
  readonly failures: Record<string, number>;
  /** Means over the completed trials. */
  readonly meanTotalMs: number;
  readonly meanFloorMs: number;
  /** Each trial's total and floor, in trial order (null where the strategy failed). */
  readonly totalSamplesMs: Array<number | null>;
  readonly floorSamplesMs: number[];
  readonly ratioToFloor: number;
  /** Mean over every association of the completed trials. */
  readonly meanActiveToDoneMs: number;
  readonly maxActiveToDoneMs: number;
  readonly callsPerAssociation: Record<string, number>;
  /** Checks of the fixed-sleep strategy that a single check would have failed on, per trial. */
  readonly missesPerTrial: number;
  /** Ours ÷ this strategy, mean total time over the trials both completed (below 1: ours is faster). */
  readonly oursOverThis?: number;
}

export interface PeerShapeResult extends PeerShape {
  readonly strategies: StrategySummary[];
}

export interface PeerBenchResult {
  readonly seed: number;
  readonly method: string;
  readonly timings: Record<string, { min: number; max: number }>;
  readonly ourPollIntervalMs: number;
  readonly coldStartMs: number;
  readonly relook: typeof RELOOK;
  readonly longPollIntervalMs: number;
  readonly shapes: PeerShapeResult[];
  readonly runMs: number;
}

export async function runPeerBench(coldStartMs: number, progress: (line: string) => void,
  shapesToRun: readonly PeerShape[] = PEER_SHAPES): Promise<PeerBenchResult> {
  const started = performance.now();
  const properties = synthesizeOurProperties(Duration.millis(OUR_POLL_MS));
  const ours = ourStrategy('ours', `cdk-opensearch-packages (pollInterval ${OUR_POLL_MS / 1000} s)`, { pollIntervalMs: OUR_POLL_MS, coldStartMs, properties });
  const relook = ourStrategy('ours-relook',
    `PROTOTYPE: ours at pollInterval ${LONG_POLL_MS / 1000} s, isComplete looking ${RELOOK.looks}× ${RELOOK.spacingMs / 1000} s apart per invocation`,
    { pollIntervalMs: LONG_POLL_MS, coldStartMs, properties, relook: RELOOK });
  const longPoll = ourStrategy('ours-10s', `ours with pollInterval ${LONG_POLL_MS / 1000} s (the earlier default)`,
    { pollIntervalMs: LONG_POLL_MS, coldStartMs, properties });
  const strategies: WaitingStrategy[] = [ours, relook, longPoll, terraform, sdkSample, fixedSleep];

  const random = seededRandom(PEER_SEED);
  const shapes: PeerShapeResult[] = [];
  for (const shape of shapesToRun) {
    const runs: TrialRun[][] = strategies.map(() => []);
    for (let trial = 0; trial < shape.trials; trial++) {
      const trialRuns = await runTrial(shape, trial, strategies, random);
      trialRuns.forEach((run, i) => runs[i].push(run));
    }
    const summaries = strategies.map((s, i) => summarize(s, runs[i], shape, runs[0]));
    shapes.push({ ...shape, strategies: summaries });
    progress(`peers (${shape.key}) ${shape.title}: ${summaries.map((s) => `${s.key} ${(s.meanTotalMs / 1000).toFixed(1)} s`).join(', ')}`);
  }
  return {
    seed: PEER_SEED,
    method: 'virtual clock: AWS-like service times unscaled; API calls and handler invocations at real speed against the emulator',
    timings: { associationMs: ASSOCIATION_MS, packageCopyMs: PACKAGE_COPY_MS, packageValidateMs: PACKAGE_VALIDATE_MS },
    ourPollIntervalMs: OUR_POLL_MS,
    coldStartMs,
    relook: RELOOK,
    longPollIntervalMs: LONG_POLL_MS,
    shapes,
    runMs: Math.round(performance.now() - started),
  };
}

function summarize(strategy: WaitingStrategy, runs: TrialRun[], shape: PeerShape, ourRuns: TrialRun[]): StrategySummary {
  const completed = runs.filter((r) => !r.failure);
  const failures: Record<string, number> = {};
  for (const r of runs) {
    if (!r.failure) continue;
    // One line per kind of failure, not per package.
    const kind = r.failure.replace(/\b[FG]\d+\b/g, '<id>');
    failures[kind] = (failures[kind] ?? 0) + 1;
  }
  const mean = (values: number[]) => values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
  const gaps = completed.flatMap((r) => r.activeToDoneMs);
  const calls: Record<string, number> = {};
  for (const r of completed) for (const [op, n] of Object.entries(r.calls)) calls[op] = (calls[op] ?? 0) + n;
  const associations = completed.length * shape.associations;
  // Side by side: only the trials both completed.
  const both = runs.map((r, i) => [ourRuns[i], r] as const).filter(([o, r]) => !o.failure && !r.failure);
  const meanTotalMs = mean(completed.map((r) => r.totalMs));
  const meanFloorMs = mean(completed.map((r) => r.floorMs));
  return {
    key: strategy.key,
    label: strategy.label,
    source: strategy.source,
    completed: completed.length,
    failures,
    meanTotalMs: round(meanTotalMs),
    meanFloorMs: round(meanFloorMs),
    totalSamplesMs: runs.map((r) => r.failure ? null : round(r.totalMs)),
    floorSamplesMs: runs.map((r) => round(r.floorMs)),
    ratioToFloor: round(meanTotalMs / meanFloorMs, 3),
    meanActiveToDoneMs: round(mean(gaps)),
    maxActiveToDoneMs: gaps.length ? round(Math.max(...gaps)) : NaN,
    callsPerAssociation: Object.fromEntries(Object.entries(calls).map(([op, n]) => [op, round(n / associations, 1)])),
    missesPerTrial: round(mean(runs.map((r) => r.misses)), 2),
    oursOverThis: both.length ? round(mean(both.map(([o]) => o.totalMs)) / mean(both.map(([, r]) => r.totalMs)), 3) : undefined,
  };
}
