import type { DeployScenarioResult, Spread } from './deploy';
import { dictionaryLintRow } from './dictionary-lint';
import type { Footprint } from './footprint';
import type { ProbeResult } from './handler';
import { renderPeerReport } from './peer-report';
import { pluginBatchRow } from './plugin-batch';
import type { BenchResults } from './results';
import type { SynthVariantResult } from './synth';

/**
 * The run as one markdown table (measure, result, what it is compared with, the ratio), padded so it
 * reads in a terminal and pastes into bench/README.md unchanged.
 */

type Row = [measure: string, result: string, comparedWith: string, ratio: string];

export function renderReport(results: BenchResults): string {
  const rows: Row[] = [
    ...synthRows(results), ...footprintRows(results), ...handlerRows(results), ...deployRows(results), ...packagePathRows(results),
    dictionaryLintRow(results.dictionaryLint), pluginBatchRow(results.pluginBatch),
  ];
  const { machine: m, settings: s } = results;
  const notes = [
    `${results.date.slice(0, 10)}, Node.js ${m.node}, ${m.cpus} × ${m.cpuModel}. All figures from one run of \`npm run bench\`.`,
    `Synth: median of ${s.synthRepetitions}, variants interleaved, asset hash cache cleared before each synth (as in a fresh \`cdk synth\`).`,
    `Cold load: median of ${s.coldLoadRepetitions} fresh \`node -e\` processes per probe, interleaved; SDK resolved through NODE_PATH.`,
    `Deploy: local driver and emulator, associateDelayMs ${s.associateDelayMs}, queryIntervalMs ${s.queryIntervalMs}; ${s.deployRounds} rounds, scenarios round-robin, each in fresh Lambda processes;`
      + " total = median of the rounds, spreads over every association of every round; ACTIVE = the emulator's end of ASSOCIATING.",
    "The association time is a whole number of query intervals, so polls land just after ACTIVE, late only by the first isComplete's start;"
      + ' real association times are not aligned, which adds up to one interval (half on average) to ACTIVE → CREATE_COMPLETE.',
  ];
  return `${table(['Measure', 'Result', 'Compared with', 'Ratio'], rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}`
    + `\n\nWaiting strategies at AWS-like timings:\n\n${renderPeerReport(results.peers)}`;
}

function synthRows({ synth }: BenchResults): Row[] {
  const rows: Row[] = synth.shapes.map((shape) => {
    const domains = shape.associations > 1 ? ` (${shape.domains} domain${shape.domains > 1 ? 's' : ''})` : '';
    return [
      `Synth, ${plural(shape.associations, 'association')}${domains}`,
      synthFigure(shape.construct),
      `${plural(shape.associations, 'bare CfnResource')}: ${synthFigure(shape.bare)}`,
      `${times(shape.construct.medianMs / shape.bare.medianMs)} time, ${times(shape.construct.templateBytes / shape.bare.templateBytes)} bytes`,
    ];
  });
  const first = synth.firstAssociation;
  const further = synth.perFurtherAssociation;
  const onTarget = further.resources === 1 && further.lambdaFunctions === 0;
  rows.push(
    [
      'Provider, added once per stack by the first association',
      `+${first.resources} resources (${first.lambdaFunctions} Lambda functions), +${kB(first.templateBytes)}`,
      'bare: nothing',
      'once per stack',
    ],
    [
      'Each further association',
      `${further.resources} resource, ${further.lambdaFunctions} Lambda functions, +${bytes(further.templateBytes)}`,
      `bare: 1 resource, +${bytes(further.bareTemplateBytes)}; target: 1 resource, 0 functions`,
      `${onTarget ? 'on target' : 'OFF TARGET'}, ${times(further.templateBytes / further.bareTemplateBytes)} bytes`,
    ],
  );
  return rows;
}

/** Targets of the one-provider design for the README's complete example (the design's target: at most 24 resources, 5 functions, 1 state machine). */
const README_EXAMPLE_TARGET: Footprint = { resources: 24, lambdaFunctions: 5, stateMachines: 1, iamRoles: Infinity };

function footprintRows({ footprint }: BenchResults): Row[] {
  const describe = (f: Footprint) => `${f.resources} resources: ${f.lambdaFunctions} Lambda functions, ${f.stateMachines} state machine, ${f.iamRoles} IAM roles`;
  const within = (f: Footprint, target: Footprint) => f.resources <= target.resources
    && f.lambdaFunctions <= target.lambdaFunctions && f.stateMachines <= target.stateMachines;
  const example = footprint.readmeExample;
  return [
    ['Stack: 1 association (imported domain and package)', describe(footprint.associationOnly), 'README example stack, next row', '—'],
    [
      'Stack: README complete example (domain, package, association)',
      describe(example),
      `target: at most ${README_EXAMPLE_TARGET.resources} resources, ${README_EXAMPLE_TARGET.lambdaFunctions} functions, 1 state machine`,
      within(example, README_EXAMPLE_TARGET) ? 'on target' : 'OFF TARGET',
    ],
  ];
}

function handlerRows({ handler: h }: BenchResults): Row[] {
  const rows: Row[] = [
    [
      'Handler bundle',
      `${bytes(h.bundleBytes)} minified, ${bytes(h.bundleGzipBytes)} gzip`,
      'AWS SDK left out (the Lambda runtime provides it)',
      '—',
    ],
    [
      'Cold load: require(bundle)',
      ms(h.bundle.loadMs),
      `require('@aws-sdk/client-opensearch') alone: ${ms(h.sdkOnly.loadMs)}`,
      `${times(h.bundle.loadMs / h.sdkOnly.loadMs)}: own share ${ms(h.bundle.loadMs - h.sdkOnly.loadMs)}, noise (IQR) ±${ms(h.sdkOnly.loadIqrMs)}`,
    ],
    [
      'Cold load: new OpenSearchClient on first use',
      ms(h.bundle.clientMs),
      `after the SDK alone: ${ms(h.sdkOnly.clientMs)}`,
      times(h.bundle.clientMs / h.sdkOnly.clientMs),
    ],
    [
      'Cold process: start, load bundle, build client',
      ms(h.bundle.processMs),
      `empty Node.js process: ${ms(h.nodeStartup.processMs)}; SDK + client: ${ms(h.sdkOnly.processMs)}`,
      `${times(ratioOf(h.bundle, h.nodeStartup))} of empty`,
    ],
  ];
  if (h.staleWarning) rows.push(['Warning', h.staleWarning, '', '']);
  return rows;
}

function deployRows({ deploy, settings, handler }: BenchResults): Row[] {
  // At once after onEvent, then once per query interval until ACTIVE.
  const expectedLists = 1 + Math.ceil(settings.associateDelayMs / settings.queryIntervalMs);
  return deploy.flatMap((d): Row[] => [
    [
      `Deploy (${d.key}) ${d.title}: total`,
      `${seconds(d.totalMs)} (runs: ${d.totalSamplesMs.map(seconds).join(', ')})`,
      `floor ${seconds(d.floorMs)} (${floorReason(d, settings.associateDelayMs)})`,
      times(d.ratio),
    ],
    [
      `Deploy (${d.key}): CREATE_IN_PROGRESS → AssociatePackage answered`,
      spreadFigure(d.startToAssociated, d.associations * d.rounds),
      `cold process with bundle and client: ${ms(handler.bundle.processMs)}`,
      `median ${times(d.startToAssociated.medianMs / handler.bundle.processMs)}`,
    ],
    [
      `Deploy (${d.key}): ACTIVE → CREATE_COMPLETE`,
      spreadFigure(d.activeToComplete, d.associations * d.rounds),
      `query interval ${ms(settings.queryIntervalMs)}`,
      `p95 ${times(d.activeToComplete.p95Ms / settings.queryIntervalMs)}`,
    ],
    [
      `Deploy (${d.key}): API calls per association`,
      callFigure(d),
      // DescribePackages: the package is checked (available, at the pinned version) before it is associated.
      `expected 1 DescribePackages + 1 AssociatePackage + ${expectedLists} ListPackagesForDomain`,
      times(total(d.callsPerAssociation) / (2 + expectedLists)),
    ],
  ]);
}

function packagePathRows({ packagePath: p, settings: s }: BenchResults): Row[] {
  const counts = (calls: Record<string, number>) => Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ');
  return [
    [
      'Deploy (d) CustomPackage: file → AVAILABLE → ACTIVE (SSE-KMS bootstrap bucket, staged as SSE-S3)',
      `${seconds(p.totalMs)} (runs: ${p.totalSamplesMs.map(seconds).join(', ')})`,
      `floor ${seconds(p.floorMs)} (copy ${seconds(s.packageCopyDelayMs)} + validation ${seconds(s.packageValidateDelayMs)} + association ${seconds(s.associateDelayMs)})`,
      times(p.ratio),
    ],
    [
      'Deploy (d): API calls per deployment',
      `OpenSearch: ${counts(p.openSearchCalls)}; S3 (handler): ${counts(p.handlerS3Calls)}`,
      `S3 of the deployment itself (buckets, asset publishing): ${counts(p.deployS3Calls)}`,
      '—',
    ],
  ];
}

function floorReason(d: DeployScenarioResult, associateMs: number): string {
  const perDomain = Math.ceil(d.associations / d.domains);
  return perDomain > 1 ? `${perDomain} × ${seconds(associateMs)} in turn` : 'the longest single association';
}

function callFigure(d: DeployScenarioResult): string {
  const calls = Object.entries(d.callsPerAssociation).map(([op, n]) => `${op} ${n}`).join(', ');
  const errors = Object.entries(d.errorsPerAssociation).map(([what, n]) => `${what} ${n}`).join(', ');
  return errors ? `${calls} (refused: ${errors})` : calls;
}

function spreadFigure(spread: Spread, samples: number): string {
  return `median ${ms(spread.medianMs)}, p95 ${ms(spread.p95Ms)} (n=${samples})`;
}

function synthFigure(v: SynthVariantResult): string {
  return `${ms(v.medianMs)}, ${kB(v.templateBytes)}`;
}

function ratioOf(a: ProbeResult, b: ProbeResult): number {
  return a.processMs / b.processMs;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

function table(header: Row, rows: Row[]): string {
  const all = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(all[0]), line(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(line)].join('\n');
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const ms = (value: number) => `${Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const bytes = (value: number) => `${Math.round(value).toLocaleString('en-US')} B`;
const kB = (value: number) => `${(value / 1000).toFixed(1)} kB`;
