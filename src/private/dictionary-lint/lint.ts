import * as fs from 'fs';
import { AnalyzerName } from './analyzers';
import { Finding, RuleId } from './findings';
import { readLines } from './line-reader';
import { solrLineLint } from './solr-synonyms';
import { lintStopwordsLine } from './stopwords';
import { TermJudge } from './terms';
import { LARGE_DICTIONARY_BYTES, UniversalChecks } from './universal';
import { wordnetLineLint } from './wordnet-synonyms';
import { DictionaryFormat } from '../../dictionary-format';
import { DictionaryTokenizer } from '../../dictionary-tokenizer';

/** Checks one line of a format; made once per file, because a format may carry state from line to line. */
type LineLint = (text: string, line: number) => void;

const FORMATS: Record<DictionaryFormat, (judge: TermJudge, report: (finding: Finding) => void) => LineLint> = {
  [DictionaryFormat.SOLR_SYNONYMS]: solrLineLint,
  [DictionaryFormat.WORDNET_SYNONYMS]: wordnetLineLint,
  [DictionaryFormat.STOPWORDS]: (_judge, report) => (text, line) => lintStopwordsLine(text, line, report),
};

const ANALYZER_OF: Record<DictionaryTokenizer, AnalyzerName> = {
  [DictionaryTokenizer.STANDARD]: 'standard',
  [DictionaryTokenizer.WHITESPACE]: 'whitespace',
  [DictionaryTokenizer.KEYWORD]: 'keyword',
};

/** Findings of one rule past this many are summed up in one finding, so a bad file does not flood the output. */
export const MAX_FINDINGS_PER_RULE = 10;

/**
 * Lints a dictionary file in one streamed pass: the checks every dictionary gets, plus those of `format`.
 * Findings come back in line order per rule, errors and warnings together. `tokenizer` names the analyzer
 * that reads a synonyms file; without it, what only some analyzers refuse is a warning.
 */
export function lintDictionary(filePath: string, format?: DictionaryFormat, tokenizer?: DictionaryTokenizer): Finding[] {
  const findings: Finding[] = [];
  const counts = new Map<RuleId, { total: number; firstOmitted?: Finding }>();
  const report = (finding: Finding): void => {
    const count = counts.get(finding.rule) ?? { total: 0 };
    count.total++;
    counts.set(finding.rule, count);
    if (count.total <= MAX_FINDINGS_PER_RULE) findings.push(finding);
    else count.firstOmitted ??= finding;
  };

  const size = fs.statSync(filePath).size;
  const universal = new UniversalChecks(report, size);
  if (format !== undefined && !FORMATS[format]) {
    throw new Error(`unknown dictionary format ${format}`);
  }
  if (tokenizer !== undefined && !ANALYZER_OF[tokenizer]) {
    throw new Error(`unknown dictionary tokenizer ${tokenizer}`);
  }
  const judge = new TermJudge(tokenizer === undefined ? undefined : ANALYZER_OF[tokenizer], report);
  const formatLint = format === undefined ? undefined : FORMATS[format](judge, report);
  readLines(filePath, {
    line: (text, line) => {
      universal.line(text, line);
      formatLint?.(text, line);
    },
    invalidUtf8: (line, byteInLine) => universal.invalidUtf8(line, byteInLine),
    mark: (line) => universal.largeFileAt(line),
  }, { markByte: size > LARGE_DICTIONARY_BYTES ? LARGE_DICTIONARY_BYTES : undefined });
  universal.finish();

  for (const [rule, { total, firstOmitted }] of counts) {
    if (!firstOmitted) continue;
    const omitted = total - MAX_FINDINGS_PER_RULE;
    findings.push({ ...firstOmitted, rule, message: `${omitted} more line(s) break the same rule, from this line on` });
  }
  return findings;
}
