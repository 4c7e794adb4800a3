import * as path from 'path';
import { ANALYZERS, AnalyzerName, CORPUS_DIR, corpusFiles, CorpusFormat, formatOfFile, recordedVerdicts } from '../../conformance/verdicts';
import { DictionaryFormat, DictionaryTokenizer } from '../../src';
import { Finding } from '../../src/private/dictionary-lint/findings';
import { lintDictionary } from '../../src/private/dictionary-lint/lint';

/**
 * The lint against Apache Lucene's own verdicts on the conformance corpus (recorded by `npx projen conformance`,
 * which re-runs Lucene live in CI): no synth error where Lucene accepts with the declared analyzer, and every
 * refusal an error at Lucene's line, or a warning at that line when no analyzer is declared and only some refuse.
 */

const verdicts = recordedVerdicts();
const files = corpusFiles();

const FORMAT: Record<CorpusFormat, DictionaryFormat> = {
  solr: DictionaryFormat.SOLR_SYNONYMS,
  wordnet: DictionaryFormat.WORDNET_SYNONYMS,
  stopwords: DictionaryFormat.STOPWORDS,
};
const TOKENIZER: Record<AnalyzerName, DictionaryTokenizer> = {
  standard: DictionaryTokenizer.STANDARD,
  whitespace: DictionaryTokenizer.WHITESPACE,
  keyword: DictionaryTokenizer.KEYWORD,
};

function lint(file: string, analyzer?: AnalyzerName): Finding[] {
  return lintDictionary(path.join(CORPUS_DIR, file), FORMAT[formatOfFile(file)], analyzer && TOKENIZER[analyzer]);
}

function errorLines(findings: Finding[]): number[] {
  return findings.filter((f) => f.severity === 'error').map((f) => f.line).sort((a, b) => a - b);
}

test('the recording judges every corpus file, at least 150 over the three formats, with every analyzer', () => {
  expect(Object.keys(verdicts).sort()).toEqual(files);
  expect(files.length).toBeGreaterThanOrEqual(150);
  for (const format of Object.keys(FORMAT)) expect(files.filter((f) => formatOfFile(f) === format).length).toBeGreaterThanOrEqual(25);
  for (const file of files) expect(Object.keys(verdicts[file]).sort()).toEqual([...ANALYZERS].sort());
  // The corpus holds both outcomes, and files on which the analyzers disagree.
  const outcomes = files.map((file) => ANALYZERS.map((a) => verdicts[file][a]!.accepted).join());
  expect(new Set(outcomes).size).toBeGreaterThanOrEqual(3);
});

describe.each(ANALYZERS)('with the %s tokenizer declared, the lint fails synth exactly where Lucene refuses', (analyzer) => {
  test.each(files)('%s', (file) => {
    const verdict = verdicts[file][analyzer]!;
    const lines = errorLines(lint(file, analyzer));
    if (verdict.accepted) {
      expect(lines).toEqual([]);
    } else {
      expect(lines[0]).toBe(verdict.line);
    }
  });
});

describe('with no tokenizer declared, a refusal of every analyzer is an error and of only some a warning', () => {
  test.each(files)('%s', (file) => {
    const refusals = ANALYZERS.map((a) => verdicts[file][a]!).filter((v) => !v.accepted);
    const findings = lint(file);
    const lines = errorLines(findings);
    if (refusals.length === ANALYZERS.length) {
      expect(lines[0]).toBe(Math.max(...refusals.map((v) => v.line!)));
    } else {
      expect(lines).toEqual([]);
      for (const refusal of refusals) {
        expect(findings).toContainEqual(expect.objectContaining({ severity: 'warning', line: refusal.line }));
      }
    }
  });
});
