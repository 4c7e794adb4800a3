/**
 * What the dictionary lint reports: one finding per broken rule, with the line it is on. This module and
 * its siblings import nothing from aws-cdk-lib, so the bench can time the lint alone.
 */

/** An error fails `cdk synth`; a warning is a CDK warning users can acknowledge. */
export type Severity = 'error' | 'warning';

/**
 * Rule ids. A warning's acknowledgeable id is `cdk-opensearch-packages:<rule id>`.
 * docs/dictionaries.md lists every rule with what Lucene does and the corpus files that prove it.
 */
export type RuleId =
  | 'dictionaryInvalidUtf8'
  | 'dictionaryNulByte'
  | 'dictionaryEmpty'
  | 'dictionaryByteOrderMark'
  | 'dictionaryTooLarge'
  | 'solrMultipleArrows'
  | 'solrTrailingBackslash'
  | 'solrEmptyRule'
  | 'solrEmptySide'
  | 'synonymTermEliminated'
  | 'synonymTermTooLong'
  | 'wordnetMalformedLine'
  | 'stopwordsInnerWhitespace';

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

/** A finding as users read it: `synonyms.txt:12: <message> [<rule id>]`. */
export function formatFinding(file: string, finding: Finding): string {
  return `${file}:${finding.line}: ${finding.message} [${finding.rule}]`;
}

export function error(rule: RuleId, line: number, message: string): Finding {
  return { rule, severity: 'error', line, message };
}

export function warning(rule: RuleId, line: number, message: string): Finding {
  return { rule, severity: 'warning', line, message };
}
