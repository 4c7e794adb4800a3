import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { gzipSync } from 'zlib';
// scripts/ runs in development only, where devDependencies are installed.
import { buildSync } from 'esbuild';
import { median, percentile, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';

/**
 * The handler asset: its size, and what loading it costs a cold Lambda container, each set against
 * what the AWS SDK it leans on costs alone.
 */

const ROOT = path.join(__dirname, '..', '..');
export const BUNDLE = path.join(ROOT, 'assets', 'lambda', 'index', 'index.js');
/** The source `npx projen bundle` builds it from. */
const ENTRY = path.join(ROOT, 'lambda', 'index.ts');
const SDK = '@aws-sdk/client-opensearch';

/** A fresh `node -e` process: what it loads, and whether it then builds the client the handler uses. */
interface Probe {
  readonly load?: string;
  readonly buildClient: boolean;
}

/** One fresh process. */
interface ProbeSample {
  /** require() of the module(s), inside the process. */
  readonly loadMs: number;
  /** `new OpenSearchClient({ region })` after the load. */
  readonly clientMs: number;
  /** Spawn to exit, Node.js startup included. */
  readonly processMs: number;
}

/** Medians over the samples of one probe. */
export interface ProbeResult extends ProbeSample {
  /** Interquartile range of loadMs: how far apart two runs of the same probe land, i.e. the noise. */
  readonly loadIqrMs: number;
}

export interface HandlerResult {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly repetitions: number;
  /** Empty process: Node.js startup alone. */
  readonly nodeStartup: ProbeResult;
  /** `require('@aws-sdk/client-opensearch')` and a client, nothing of ours. */
  readonly sdkOnly: ProbeResult;
  /** `require(bundle)` (which requires the SDK) and the client its first invocation builds. */
  readonly bundle: ProbeResult;
  /** Set when a handler source is newer than the bundle: the figures may describe old code. */
  readonly staleWarning?: string;
}

/** Fails with the fix when the bundle has not been built. */
export function requireBundle(): void {
  if (!existsSync(BUNDLE)) {
    throw new Error(`the handler bundle ${path.relative(ROOT, BUNDLE)} is missing: run \`npx projen bundle\` first`);
  }
}

export function runHandlerBench(repetitions: number, progress: (line: string) => void): HandlerResult {
  requireBundle();
  const code = readFileSync(BUNDLE);
  // A copy outside the project, so the SDK resolves only through NODE_PATH, as the Lambda runtime provides it.
  const dir = makeTempDir('handler');
  try {
    const copy = path.join(dir, 'index.js');
    copyFileSync(BUNDLE, copy);
    const probes: Record<'nodeStartup' | 'sdkOnly' | 'bundle', Probe> = {
      nodeStartup: { buildClient: false },
      sdkOnly: { load: SDK, buildClient: true },
      bundle: { load: copy, buildClient: true },
    };
    const samples = new Map<string, ProbeSample[]>(Object.keys(probes).map((name) => [name, []]));
    for (let pass = 0; pass < repetitions; pass++) {
      // Interleaved, so a burst of machine noise lands on every probe rather than on one.
      for (const [name, probe] of Object.entries(probes)) samples.get(name)!.push(runProbe(probe));
      if ((pass + 1) % 5 === 0) progress(`cold load round ${pass + 1}/${repetitions}`);
    }
    const summary = (name: string): ProbeResult => {
      const list = samples.get(name)!;
      const loads = list.map((s) => s.loadMs);
      return {
        loadMs: round(median(loads)),
        loadIqrMs: round(percentile(loads, 75) - percentile(loads, 25)),
        clientMs: round(median(list.map((s) => s.clientMs))),
        processMs: round(median(list.map((s) => s.processMs))),
      };
    };
    return {
      bundleBytes: code.length,
      bundleGzipBytes: gzipSync(code, { level: 9 }).length,
      repetitions,
      nodeStartup: summary('nodeStartup'),
      sdkOnly: summary('sdkOnly'),
      bundle: summary('bundle'),
      staleWarning: staleness(),
    };
  } finally {
    removeTempDir(dir);
  }
}

function runProbe(probe: Probe): ProbeSample {
  const script = [
    "const { performance } = require('perf_hooks');",
    'const t0 = performance.now();',
    probe.load ? `require(${JSON.stringify(probe.load)});` : '',
    'const t1 = performance.now();',
    probe.buildClient ? `new (require(${JSON.stringify(SDK)}).OpenSearchClient)({ region: 'us-east-1' });` : '',
    'const t2 = performance.now();',
    'process.stdout.write(JSON.stringify({ loadMs: t1 - t0, clientMs: t2 - t1 }));',
  ].join('\n');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['-e', script], {
    // Only what a Lambda container would have: no ts-node hooks or AWS settings leaking in from this shell.
    env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules') },
    encoding: 'utf-8',
    timeout: 30_000,
  });
  const processMs = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(`cold load probe failed (exit ${child.status ?? child.signal}): ${child.stderr || child.error?.message}`);
  }
  return { ...JSON.parse(child.stdout), processMs };
}

/**
 * Names the handler sources changed after the bundle was built. esbuild lists what the bundle is made
 * of, so sources of other handlers in lambda/ don't raise a false alarm.
 */
function staleness(): string | undefined {
  if (!existsSync(ENTRY)) return undefined;
  const { metafile } = buildSync({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    external: ['@aws-sdk/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const built = statSync(BUNDLE).mtimeMs;
  const newer = Object.keys(metafile.inputs).filter((input) => statSync(path.join(ROOT, input)).mtimeMs > built);
  if (newer.length === 0) return undefined;
  return `${newer.join(', ')} changed after the bundle was built: run \`npx projen bundle\``;
}
