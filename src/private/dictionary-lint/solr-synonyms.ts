import { error, Finding, warning } from './findings';
import { TermJudge } from './terms';

/**
 * The Solr synonyms format as Lucene's SolrSynonymParser reads it, which is what OpenSearch's `synonym` and
 * `synonym_graph` filters use by default (https://docs.opensearch.org/latest/analyzers/token-filters/synonym/,
 * https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/SolrSynonymParser.html):
 *
 * - a line that is empty or whose first character is `#` is skipped (an indented `#` is a term);
 * - a backslash keeps the next character literal (`\,`, `\=>`, `\\`); a final one stays a backslash;
 * - the line is split at `=>`, dropping empty sides: more than two sides fail the file; two are an explicit
 *   mapping; fewer make the whole line (any `=>` included) a list of equivalent terms;
 * - a side is split at `,`, dropping empty pieces; each piece is unescaped, trimmed (Java's `trim()`, which
 *   removes U+0000 to U+0020) and handed to the analyzer, which must leave something of it;
 * - with `expand` on (OpenSearch's default) every term of a list of two or more, and every right-hand term of
 *   a mapping, is stored as a synonym, at most 32,766 bytes once analyzed.
 */

const ARROW_ERROR = 'more than two sides around "=>" in a rule, which OpenSearch refuses ("more than one explicit mapping specified on the same line"); write a literal one as \\=>';
const BACKSLASH_WARNING = 'the line ends with a backslash, which escapes nothing: Lucene keeps it as a character of the last term; remove it, or write \\\\ for a literal backslash';
const EMPTY_RULE_WARNING = 'the rule has no term once its separators are removed; OpenSearch ignores it';

/** Splits at an unescaped separator, keeping the escapes, dropping empty pieces. */
function split(text: string, separator: string): { pieces: string[]; found: number } {
  const pieces: string[] = [];
  let found = 0;
  let start = 0;
  let piece = '';
  for (let i = 0; i < text.length;) {
    if (text.startsWith(separator, i)) {
      piece += text.slice(start, i);
      if (piece !== '') pieces.push(piece);
      piece = '';
      found++;
      i += separator.length;
      start = i;
    } else {
      i += text.charCodeAt(i) === 0x5c /* \ */ ? 2 : 1;
    }
  }
  piece += text.slice(start);
  if (piece !== '') pieces.push(piece);
  return { pieces, found };
}

function unescape(piece: string): string {
  return piece.includes('\\') ? piece.replace(/\\([\s\S])/g, '$1') : piece;
}

/** Java's String.trim(): strips characters up to U+0020 at both ends. */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function endsWithLoneBackslash(text: string): boolean {
  let backslashes = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

const LONG_LINE = 10_000;

function isAsciiWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The fast path, one pass without allocation, for the lines real files are made of: no final backslash, at most
 * one "=>" with terms on both sides, and an ASCII letter or digit in every term, which every analyzer keeps.
 */
function isPlainRule(text: string): boolean {
  if (text.length > LONG_LINE) return false;
  let arrows = 0;
  let sidesWithTerms = 0;
  let sideHasTerm = false;
  let pieceLength = 0;
  let pieceHasWord = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? -1 : text.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      // An escaped character belongs to the term; a final backslash is for the slow path to report.
      if (i + 1 >= text.length) return false;
      pieceLength += 2;
      if (isAsciiWordChar(text.charCodeAt(++i))) pieceHasWord = true;
      continue;
    }
    const isArrow = c === 0x3d /* = */ && text.charCodeAt(i + 1) === 0x3e /* > */;
    if (c === -1 || c === 0x2c /* , */ || isArrow) {
      if (pieceLength > 0 && !pieceHasWord) return false;
      if (pieceLength > 0) sideHasTerm = true;
      pieceLength = 0;
      pieceHasWord = false;
      if (c === 0x2c) continue;
      if (sideHasTerm) sidesWithTerms++;
      sideHasTerm = false;
      if (isArrow) {
        arrows++;
        i++;
      }
    } else {
      pieceLength++;
      if (!pieceHasWord && isAsciiWordChar(c)) pieceHasWord = true;
    }
  }
  return arrows === 0 ? sidesWithTerms === 1 : arrows === 1 && sidesWithTerms === 2;
}

/** Checks the lines of a Solr synonyms file with `judge` for its terms. */
export function solrLineLint(judge: TermJudge, report: (finding: Finding) => void) {
  return (text: string, line: number): void => {
    if (text.length === 0 || text.charCodeAt(0) === 0x23 /* # */) return;
    if (isPlainRule(text)) return;
    if (endsWithLoneBackslash(text)) report(warning('solrTrailingBackslash', line, BACKSLASH_WARNING));

    const sides = split(text, '=>');
    if (sides.pieces.length > 2) {
      report(error('solrMultipleArrows', line, ARROW_ERROR));
      return;
    }
    const mapping = sides.pieces.length === 2;
    const groups = mapping ? sides.pieces.map((side) => split(side, ',').pieces) : [split(text, ',').pieces];
    const terms = groups.flat();
    if (terms.length === 0) {
      report(warning('solrEmptyRule', line, EMPTY_RULE_WARNING));
      return;
    }
    if (!mapping && sides.found > 0) {
      report(warning('solrEmptySide', line, `"=>" has terms on one side only, so Lucene reads ${terms.length > 1 ? 'the line as a list of terms' : 'the line as one term'}, "=>" included, and maps nothing to it`));
    }

    // Lucene stops at the first term the analyzer refuses: one such finding a line.
    const hint = 'a stray comma or "=>", a separator followed by spaces, or a line of spaces';
    for (const piece of terms) {
      if (!judge.eliminated(javaTrim(unescape(piece)), line, hint)) break;
    }
    // With expand on, a list of one term stores nothing, and a mapping stores its right side.
    const outputs = mapping ? groups[1] : terms.length > 1 ? terms : [];
    for (const piece of outputs) {
      const term = javaTrim(unescape(piece));
      const overlong = judge.overlong(term);
      if (overlong.length > 0) {
        judge.reportOverlong(term, line, overlong);
        break;
      }
    }
  };
}
