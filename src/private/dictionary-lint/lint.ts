import * as fs from 'fs';
import { Finding, RuleId } from './findings';
import { readLines } from './line-reader';
import { lintSolrLine } from './solr-synonyms';
import { lintStopwordsLine } from './stopwords';
import { LARGE_DICTIONARY_BYTES, UniversalChecks } from './universal';
import { lintWordnetLine } from './wordnet-synonyms';
import { DictionaryFormat } from '../../dictionary-format';

/** Checks one line of a format. */
type LineLint = (text: string, line: number, report: (finding: Finding) => void) => void;

const FORMATS: Record<DictionaryFormat, LineLint> = {
  [DictionaryFormat.SOLR_SYNONYMS]: lintSolrLine,
  [DictionaryFormat.WORDNET_SYNONYMS]: lintWordnetLine,
  [DictionaryFormat.STOPWORDS]: lintStopwordsLine,
};

/** Findings of one rule past this many are summed up in one finding, so a bad file does not flood the output. */
export const MAX_FINDINGS_PER_RULE = 10;

/**
 * Lints a dictionary file in one streamed pass: the checks every dictionary gets, plus those of `format`.
 * Findings come back in line order per rule, errors and warnings together.
 */
export function lintDictionary(filePath: string, format?: DictionaryFormat): Finding[] {
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
  const formatLint = format === undefined ? undefined : FORMATS[format];
  if (format !== undefined && !formatLint) {
    throw new Error(`unknown dictionary format ${format}`);
  }
  readLines(filePath, {
    line: (text, line) => {
      universal.line(text, line);
      formatLint?.(text, line, report);
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
