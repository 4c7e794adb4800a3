import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { median, round } from './stats';
import { makeTempDir, removeTempDir } from './temp-dirs';
import { DictionaryFormat } from '../../src/dictionary-format';
import { lintDictionary } from '../../src/private/dictionary-lint/lint';

/**
 * Synth-time lint of a 10 MB Solr synonyms file against the least any line-by-line check costs: reading the
 * file and splitting it into lines. The budget is "well under a second".
 */

export const DICTIONARY_BYTES = 10_000_000;
const BUDGET_MS = 1000;

export interface DictionaryLintResult {
  readonly bytes: number;
  readonly lines: number;
  readonly findings: number;
  readonly repetitions: number;
  readonly lintMedianMs: number;
  readonly lintSamplesMs: number[];
  /** Read the whole file, decode it, split it into lines. */
  readonly floorMedianMs: number;
  readonly floorSamplesMs: number[];
  readonly budgetMs: number;
}

/** Correct Solr synonyms in the shapes real files have: comments, equivalences, mappings, multi-word terms, escapes. */
function generate(targetBytes: number): { text: string; lines: number } {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; ; i++) {
    const line = i % 50 === 0
      ? `# group ${i}`
      : i % 3 === 0 ? `term${i}a, term ${i} b => term${i}c` : i % 7 === 0 ? `size ${i}\\,5, size ${i}.5` : `word${i}, synonym${i}, other ${i} words`;
    if (bytes + Buffer.byteLength(line) + 1 > targetBytes) break;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { text: `${lines.join('\n')}\n`, lines: lines.length };
}

function floor(file: string): number {
  return readFileSync(file).toString('utf8').split('\n').length;
}

/** One untimed warm-up of each, then `repetitions` interleaved rounds. */
export function runDictionaryLintBench(repetitions: number, progress: (line: string) => void): DictionaryLintResult {
  const dir = makeTempDir('dictionary');
  try {
    const file = path.join(dir, 'synonyms.txt');
    const { text, lines } = generate(DICTIONARY_BYTES);
    writeFileSync(file, text);
    const findings = lintDictionary(file, DictionaryFormat.SOLR_SYNONYMS).length;
    floor(file);

    const lint: number[] = [];
    const read: number[] = [];
    for (let pass = 0; pass < repetitions; pass++) {
      let started = performance.now();
      lintDictionary(file, DictionaryFormat.SOLR_SYNONYMS);
      lint.push(performance.now() - started);
      started = performance.now();
      floor(file);
      read.push(performance.now() - started);
    }
    progress(`dictionary lint: ${repetitions} rounds`);
    return {
      bytes: Buffer.byteLength(text),
      lines,
      findings,
      repetitions,
      lintMedianMs: round(median(lint)),
      lintSamplesMs: lint.map((ms) => round(ms)),
      floorMedianMs: round(median(read)),
      floorSamplesMs: read.map((ms) => round(ms)),
      budgetMs: BUDGET_MS,
    };
  } finally {
    removeTempDir(dir);
  }
}

/** The report's row: measure, result, what it is compared with, ratio. */
export function dictionaryLintRow(r: DictionaryLintResult): [string, string, string, string] {
  const mb = (r.bytes / 1_000_000).toFixed(1);
  const within = r.lintMedianMs < r.budgetMs ? 'within' : 'OVER';
  return [
    `Dictionary lint, ${mb} MB Solr synonyms (${r.lines.toLocaleString('en-US')} lines)`,
    `${Math.round(r.lintMedianMs)} ms, ${r.findings} findings`,
    `read and split into lines: ${Math.round(r.floorMedianMs)} ms; budget ${r.budgetMs} ms`,
    `${(r.lintMedianMs / r.floorMedianMs).toFixed(2)}×, ${within} budget`,
  ];
}
