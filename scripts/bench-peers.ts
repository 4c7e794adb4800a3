import { requireBundle, runHandlerBench } from './bench/handler';
import { renderPeerReport } from './bench/peer-report';
import { PEER_SHAPES, runPeerBench } from './bench/peer-strategies';

/**
 * The peer comparison alone, for working on it: prints its table and writes nothing. Its cold start
 * comes from a short handler bench; `npm run bench` measures it properly and keeps the results.
 * `--quick` runs each shape with 2 draws.
 */
const COLD_LOAD_REPETITIONS = 3;
const QUICK_TRIALS = 2;

async function main(): Promise<void> {
  requireBundle();
  const handler = runHandlerBench(COLD_LOAD_REPETITIONS, progress);
  const quick = process.argv.includes('--quick');
  const shapes = quick ? PEER_SHAPES.map((shape) => ({ ...shape, trials: QUICK_TRIALS })) : PEER_SHAPES;
  const peers = await runPeerBench(handler.bundle.processMs, progress, shapes);
  console.log(renderPeerReport(peers));
  console.log(`\nPeer comparison measured in ${(peers.runMs / 1000).toFixed(0)} s.`);
}

function progress(line: string): void {
  console.error(`bench: ${line}`);
}

main().catch((error) => {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
