import * as path from 'path';
import { performance } from 'perf_hooks';
import { ASSOCIATE_MS, POLL_MS, runDeployBench } from './bench/deploy';
import { runDictionaryLintBench } from './bench/dictionary-lint';
import { measureFootprints } from './bench/footprint';
import { requireBundle, runHandlerBench } from './bench/handler';
import { COPY_MS, runPackageBench, VALIDATE_MS } from './bench/package-path';
import { runPeerBench } from './bench/peer-strategies';
import { runPluginBatchBench } from './bench/plugin-batch';
import { renderReport } from './bench/report';
import { machine, RESULTS_FILE, writeResults } from './bench/results';
import { runSynthBench } from './bench/synth';

/**
 * `npm run bench`: measures synth cost, the handler bundle's size and cold load, deployment latency
 * against the emulator, and our waiting strategy beside the peers' at AWS-like timings, then prints
 * the tables (markdown) and writes every figure to
 * bench/results/latest.json. Exits non-zero on any failure.
 */

const SYNTH_REPETITIONS = 5;
const COLD_LOAD_REPETITIONS = 10;
// Each round deploys all three scenarios once; (b) alone takes over 30 s.
const DEPLOY_ROUNDS = 3;
const LINT_REPETITIONS = 5;
const PACKAGE_ROUNDS = 3;
const PLUGIN_BATCH_ROUNDS = 3;

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  // Synth stages the bundle as an asset too, so a missing bundle stops the run before anything else.
  requireBundle();

  const handler = runHandlerBench(COLD_LOAD_REPETITIONS, progress);
  const synth = runSynthBench(SYNTH_REPETITIONS, progress);
  const footprint = measureFootprints();
  const dictionaryLint = runDictionaryLintBench(LINT_REPETITIONS, progress);
  const deploy = await runDeployBench(DEPLOY_ROUNDS, progress);
  const packagePath = await runPackageBench(PACKAGE_ROUNDS, progress);
  const pluginBatch = await runPluginBatchBench(PLUGIN_BATCH_ROUNDS, progress);
  // The handler's measured cold start is what each of our functions pays on its first invocation.
  const peers = await runPeerBench(handler.bundle.processMs, progress);

  const results = {
    date,
    machine: machine(),
    settings: {
      synthRepetitions: SYNTH_REPETITIONS,
      coldLoadRepetitions: COLD_LOAD_REPETITIONS,
      deployRounds: DEPLOY_ROUNDS,
      associateDelayMs: ASSOCIATE_MS,
      queryIntervalMs: POLL_MS,
      packageCopyDelayMs: COPY_MS,
      packageValidateDelayMs: VALIDATE_MS,
    },
    synth,
    footprint,
    handler,
    deploy,
    dictionaryLint,
    packagePath,
    pluginBatch,
    peers,
    runMs: Math.round(performance.now() - started),
  };
  writeResults(results);
  console.log(`\n${renderReport(results)}\n`);
  console.log(`Measured in ${(results.runMs / 1000).toFixed(0)} s; every figure is in ${path.relative(process.cwd(), RESULTS_FILE)}.`);
}

/** Progress goes to stderr, so stdout holds only the table. */
function progress(line: string): void {
  console.error(`bench: ${line}`);
}

main().catch((error) => {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
