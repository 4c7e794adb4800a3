import type { PeerBenchResult, StrategySummary } from './peer-strategies';

/**
 * The peers' table: each deployment shape, every strategy on the same drawn service times, with the
 * mean total, the mean and longest wait from ACTIVE to done, the API calls, and the two ratios the
 * comparison is about (to the service's own time, and ours to this strategy's).
 */
export function renderPeerReport(peers: PeerBenchResult): string {
  const header = ['Shape', 'Strategy', 'Mean total', 'ACTIVE → done: mean, max', 'Calls per association', 'Total ÷ floor', 'Ours ÷ this'];
  const rows = peers.shapes.flatMap((shape) => shape.strategies.map((s) => [
    `${shape.title} (${shape.trials} draws)`,
    s.label,
    s.completed === 0 ? `fails: ${failureText(s)}` : `${seconds(s.meanTotalMs)} (floor ${seconds(s.meanFloorMs)})`,
    s.completed === 0 ? '—' : `${seconds(s.meanActiveToDoneMs)}, ${seconds(s.maxActiveToDoneMs)}`,
    s.completed === 0 ? '—' : Object.entries(s.callsPerAssociation).map(([op, n]) => `${op} ${n}`).join(', '),
    s.completed === 0 ? '—' : `${s.ratioToFloor.toFixed(3)}×`,
    s.oursOverThis === undefined || s.key === 'ours' ? '—' : `${s.oursOverThis.toFixed(3)}×`,
  ]));
  const t = peers.timings;
  const notes = [
    `Method: ${peers.method}. Seed ${peers.seed}; every strategy sees the same draws in each trial; means over the trials.`,
    `Service times: association ${range(t.associationMs)} (aws-sdk-js#4099: "about 2-3 minutes"), package copy ${range(t.packageCopyMs)}`
      + ` and validation ${range(t.packageValidateMs)} (assumed: no published figure), drawn to the millisecond, so no strategy's polls line up with them.`,
    `Ours: pollInterval ${seconds(peers.ourPollIntervalMs)}, the real handler bundle; each handler's first invocation per resource also pays`
      + ` this run's cold start (${Math.round(peers.coldStartMs)} ms). Left out for every strategy alike: CloudFormation's and Terraform's own latency,`
      + ' and Lambda\'s and Step Functions\' service latency.',
    'Floor: the service\'s own time (the associations, one after another on one domain; copy and validation for a file). Ours ÷ this below 1: ours is faster.',
    `The PROTOTYPE row is not what the handler does: it shows what closing the half-poll gap costs (isComplete looking ${peers.relook.looks}×`
      + ` ${seconds(peers.relook.spacingMs)} apart per invocation); the pollInterval ${seconds(peers.longPollIntervalMs)} row is the same handler with the earlier default.`,
  ];
  return `${table(header, rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}`;
}

function failureText(s: StrategySummary): string {
  return Object.entries(s.failures).map(([why, n]) => `${n}× ${why}`).join('; ');
}

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(all[0]), line(widths.map((w) => '-'.repeat(w))), ...all.slice(1).map(line)].join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const range = (r: { min: number; max: number }) => `${r.min / 1000} to ${r.max / 1000} s`;
