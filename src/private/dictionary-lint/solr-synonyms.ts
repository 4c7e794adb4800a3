import { error, Finding, warning } from './findings';

/**
 * The Solr synonyms format as Lucene's SolrSynonymParser reads it, which is what OpenSearch's `synonym` and
 * `synonym_graph` filters use by default (https://docs.opensearch.org/latest/analyzers/token-filters/synonym/,
 * https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/SolrSynonymParser.html):
 *
 * - a line that is empty or starts with `#` is skipped (an indented `#` is not a comment);
 * - a rule is terms separated by `,`, or two such lists around `=>`;
 * - a backslash makes the next character literal (`\,`, `\=>`, `\\`);
 * - the pieces between separators are unescaped and trimmed; an empty piece (`a,,b`) is dropped, but a
 *   piece of only whitespace (`a, , b`, `a, `, a line of spaces) reaches the analyzer as an empty term,
 *   which fails the whole file: "term: ... was completely eliminated by analyzer" (unless `lenient`).
 */

const ARROW_ERROR = 'more than one "=>" in a rule, which OpenSearch refuses ("more than one explicit mapping specified on the same line"); write a literal one as \\=>';
const BACKSLASH_ERROR = 'the line ends with a backslash, which escapes nothing; remove it, or write \\\\ for a literal backslash';
const BLANK_TERM_ERROR = 'a term is only whitespace (a stray comma or "=>", or a line of spaces), which OpenSearch refuses ("was completely eliminated by analyzer")';
const EMPTY_RULE_WARNING = 'the rule has no term once its separators are removed; OpenSearch ignores it';

/** Checks one line of a Solr synonyms file. */
export function lintSolrLine(text: string, line: number, report: (finding: Finding) => void): void {
  if (text.length === 0 || text.charCodeAt(0) === 0x23 /* # */) return;

  let arrows = 0;
  // Non-empty pieces on each side of the first "=>" (all on the left until one is seen).
  let left = 0;
  let right = 0;
  let blankTerm = false;
  let pieceLength = 0; // characters in the current piece, escapes included
  let pieceHasText = false; // a character above U+0020 once unescaped (Java's trim() removes the rest)
  let trailingBackslash = false;

  // One pass, no allocation: this runs for every line of files of hundreds of thousands of lines.
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? -1 : text.charCodeAt(i);
    const isArrow = c === 0x3d /* = */ && text.charCodeAt(i + 1) === 0x3e /* > */;
    if (c === -1 || c === 0x2c /* , */ || isArrow) {
      if (pieceLength > 0) {
        if (arrows === 0) left++;
        else right++;
        if (!pieceHasText) blankTerm = true;
      }
      pieceLength = 0;
      pieceHasText = false;
      if (isArrow) {
        arrows++;
        i++;
      }
    } else if (c === 0x5c /* \ */) {
      if (i === text.length - 1) {
        // Lucene keeps a lone final backslash as a character of the term.
        trailingBackslash = true;
        pieceLength++;
        pieceHasText = true;
      } else {
        i++;
        pieceLength += 2;
        if (text.charCodeAt(i) > 0x20) pieceHasText = true;
      }
    } else {
      pieceLength++;
      if (c > 0x20) pieceHasText = true;
    }
  }

  if (arrows > 1) report(error('solrMultipleArrows', line, ARROW_ERROR));
  if (trailingBackslash) report(error('solrTrailingBackslash', line, BACKSLASH_ERROR));
  if (blankTerm) report(error('solrBlankTerm', line, BLANK_TERM_ERROR));
  if (left + right === 0) {
    report(warning('solrEmptyRule', line, EMPTY_RULE_WARNING));
  } else if (arrows === 1 && (left === 0 || right === 0)) {
    const side = left === 0 ? 'left' : 'right';
    report(warning('solrEmptySide', line, `the ${side} side of "=>" has no term; OpenSearch ignores the mapping`));
  }
}
