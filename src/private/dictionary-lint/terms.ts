import { AnalyzerName, ANALYZERS, eliminatingAnalyzers, MAX_TERM_BYTES, overlongAnalyzers } from './analyzers';
import { error, Finding, RuleId, warning } from './findings';

/**
 * Judges the terms of a synonyms file with the analyzer that reads it. Lucene refuses the whole file for a
 * term the analyzer leaves nothing of, and for a synonym longer than it stores. With the analyzer declared, its
 * verdict is an error; without, a refusal by every supported analyzer is an error and one by only some is a
 * warning that names them.
 */
export class TermJudge {
  constructor(private readonly declared: AnalyzerName | undefined, private readonly report: (finding: Finding) => void) {}

  /**
   * Checks a term as Lucene hands it to the analyzer (`hint` says where an empty one comes from). Returns
   * false when it reported a finding, so a caller reports one term a line.
   */
  public eliminated(term: string, line: number, hint: string): boolean {
    const analyzers = eliminatingAnalyzers(term);
    if (analyzers.length === 0) return true;
    const cause = 'OpenSearch refuses the file ("was completely eliminated by analyzer")';
    if (term.length === 0 || analyzers.length === ANALYZERS.length) {
      this.report(error('synonymTermEliminated', line, `a term is empty (${hint}), and ${cause}`));
      return false;
    }
    const what = `${quote(term)} has nothing the ${names(analyzers)} tokenizer${analyzers.length > 1 ? 's' : ''} keep${analyzers.length > 1 ? '' : 's'}`;
    return this.judge('synonymTermEliminated', line, analyzers, `${what} (punctuation, symbols and invisible characters are dropped), so ${cause}`);
  }

  /** The analyzers that would make `term` longer than Lucene stores, with their lengths. */
  public overlong(term: string): Array<{ analyzer: AnalyzerName; bytes: number }> {
    return overlongAnalyzers(term);
  }

  /** Reports a synonym the analyzers found by `overlong` make too long. */
  public reportOverlong(term: string, line: number, found: Array<{ analyzer: AnalyzerName; bytes: number }>): void {
    const most = Math.max(...found.map(({ bytes }) => bytes)).toLocaleString('en-US');
    this.judge('synonymTermTooLong', line, found.map(({ analyzer }) => analyzer),
      `${quote(term)} is up to ${most} bytes once analyzed by the ${names(found.map(({ analyzer }) => analyzer))} tokenizer, and Lucene stores `
      + `a synonym of at most ${MAX_TERM_BYTES.toLocaleString('en-US')} bytes, so OpenSearch refuses the file (MaxBytesLengthExceededException)`);
  }

  private judge(rule: RuleId, line: number, analyzers: AnalyzerName[], message: string): boolean {
    if (this.declared !== undefined) {
      if (!analyzers.includes(this.declared)) return true;
      this.report(error(rule, line, message));
    } else if (analyzers.length === ANALYZERS.length) {
      this.report(error(rule, line, message));
    } else {
      this.report(warning(rule, line, `${message} when the synonym filter's analyzer uses the ${names(analyzers)} tokenizer; `
        + 'set dictionaryTokenizer to check for yours'));
    }
    return false;
  }
}

function names(analyzers: AnalyzerName[]): string {
  return analyzers.join(' or ');
}

const MAX_QUOTED = 40;

/** A term as users can read it in a terminal: invisible characters as \u escapes, long ones cut. */
export function quote(term: string): string {
  const cut = term.length > MAX_QUOTED ? `${term.slice(0, MAX_QUOTED)}...` : term;
  const visible = cut.replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
  return `"${visible}"`;
}
