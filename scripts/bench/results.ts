import { mkdirSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DeployScenarioResult } from './deploy';
import type { DictionaryLintResult } from './dictionary-lint';
import type { FootprintResult } from './footprint';
import type { HandlerResult } from './handler';
import type { PackagePathResult } from './package-path';
import type { PeerBenchResult } from './peer-strategies';
import type { PluginBatchResult } from './plugin-batch';
import type { SynthResult } from './synth';

/** Every figure of one run, with the machine it ran on, as written to bench/results/latest.json. */
export interface BenchResults {
  readonly date: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
  };
  readonly settings: {
    readonly synthRepetitions: number;
    readonly coldLoadRepetitions: number;
    readonly deployRounds: number;
    readonly associateDelayMs: number;
    readonly queryIntervalMs: number;
    readonly packageCopyDelayMs: number;
    readonly packageValidateDelayMs: number;
  };
  readonly synth: SynthResult;
  readonly footprint: FootprintResult;
  readonly handler: HandlerResult;
  readonly deploy: DeployScenarioResult[];
  readonly dictionaryLint: DictionaryLintResult;
  readonly packagePath: PackagePathResult;
  readonly pluginBatch: PluginBatchResult;
  readonly peers: PeerBenchResult;
  readonly runMs: number;
}

export function machine(): BenchResults['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
  };
}

export const RESULTS_FILE = path.join(__dirname, '..', '..', 'bench', 'results', 'latest.json');

export function writeResults(results: BenchResults): void {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, undefined, 2)}\n`);
}
