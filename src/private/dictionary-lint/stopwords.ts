import { Finding, warning } from './findings';

/**
 * A word list (`stopwords_path`, and the other `*_path` word lists) as OpenSearch reads it: lines without
 * text and lines starting with `#` are skipped, every other line is one term, trimmed
 * (https://docs.opensearch.org/latest/analyzers/token-filters/stop/; `Analysis.getWordList` in OpenSearch).
 * A stop filter compares single tokens, so a term with whitespace inside can never match.
 */

const MAX_QUOTED = 40;

/** Checks one line of a word list. */
export function lintStopwordsLine(text: string, line: number, report: (finding: Finding) => void): void {
  if (text.charCodeAt(0) === 0x23 /* # */) return;
  const term = text.trim();
  if (term === '' || !/\s/.test(term)) return;
  const quoted = term.length > MAX_QUOTED ? `${term.slice(0, MAX_QUOTED)}...` : term;
  report(warning('stopwordsInnerWhitespace', line,
    `"${quoted}" has whitespace inside; a stop filter compares single tokens, so it can never match (put each word on its own line)`));
}
