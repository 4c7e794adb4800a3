import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

/** The recording of Lucene's verdicts on the conformance corpus, shared by the live run and the replay tests. */

/** The analyzers (tokenizer + lowercase) the Java program parses every file with. */
export const ANALYZERS = ['standard', 'whitespace', 'keyword'] as const;
export type AnalyzerName = typeof ANALYZERS[number];

export type CorpusFormat = 'solr' | 'wordnet' | 'stopwords';

export interface Verdict {
  readonly accepted: boolean;
  /** The line Lucene refuses at: its own "at line N", or the first line whose prefix of the file it refuses. */
  readonly line?: number;
  readonly message?: string;
}

/** corpus file (`solr/two-arrows.txt`) → analyzer → verdict. */
export type Verdicts = Record<string, Partial<Record<AnalyzerName, Verdict>>>;

export const CORPUS_DIR = path.join(__dirname, 'corpus');
export const VERDICTS_FILE = path.join(__dirname, 'lucene-verdicts.json');

/** Every corpus file, as `<format>/<name>`, sorted. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).flatMap((format) => readdirSync(path.join(CORPUS_DIR, format)).map((name) => `${format}/${name}`)).sort();
}

export function formatOfFile(file: string): CorpusFormat {
  return file.split('/')[0] as CorpusFormat;
}

export function recordedVerdicts(): Verdicts {
  return JSON.parse(readFileSync(VERDICTS_FILE, 'utf8'));
}
