import { STANDARD_TOKEN_CHARS } from './standard-token-chars';

/**
 * What the analyzers the lint supports (a tokenizer plus lowercase) leave of a term, mirrored from Lucene's
 * tokenizers and checked against Lucene's own verdicts (conformance/):
 * - keyword (KeywordTokenizer): the whole text is one token; only an empty text leaves nothing;
 * - whitespace (WhitespaceTokenizer): tokens are runs of characters that are not `Character.isWhitespace`;
 * - standard (StandardTokenizer): a token starts only at a character of its table (STANDARD_TOKEN_CHARS), or at
 *   an emoji sequence made of characters that are no token alone: a flag (two regional indicators), a keycap.
 * The whitespace and standard tokenizers cut a token at 255 characters; Lucene joins the tokens of a
 * synonym with one U+0000 each and stores a synonym of at most 32,766 UTF-8 bytes (BytesRefHash).
 */

export type AnalyzerName = 'standard' | 'whitespace' | 'keyword';
export const ANALYZERS: readonly AnalyzerName[] = ['standard', 'whitespace', 'keyword'];

/** Lucene's limit on a stored synonym, in UTF-8 bytes (`MaxBytesLengthExceededException` above it). */
export const MAX_TERM_BYTES = 32_766;
const MAX_TOKEN_CHARS = 255;

const ASCII_WORD = /[A-Za-z0-9]/;
const EMOJI_SEQUENCE = /\p{Regional_Indicator}{2}|[#*]\ufe0f?\u20e3/u;
// Java's Character.isWhitespace: space, line and paragraph separators except the no-break ones, and
// U+0009-000D, U+001C-001F.
const JAVA_WHITESPACE = /^(?:(?![\u00a0\u2007\u202f])[\p{Zs}\p{Zl}\p{Zp}]|[\t\n\v\f\r\x1c-\x1f])$/u;

const TOKEN_RANGES: Uint32Array = (() => {
  const pieces = STANDARD_TOKEN_CHARS.split(',');
  const ranges = new Uint32Array(pieces.length * 2);
  pieces.forEach((piece, i) => {
    const [from, to = from] = piece.split('-');
    ranges[2 * i] = parseInt(from, 16);
    ranges[2 * i + 1] = parseInt(to, 16);
  });
  return ranges;
})();

function startsStandardToken(codePoint: number): boolean {
  let low = 0;
  let high = TOKEN_RANGES.length / 2 - 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (codePoint < TOKEN_RANGES[2 * mid]) high = mid - 1;
    else if (codePoint > TOKEN_RANGES[2 * mid + 1]) low = mid + 1;
    else return true;
  }
  return false;
}

function isJavaWhitespace(char: string): boolean {
  return JAVA_WHITESPACE.test(char);
}

/** Whether `analyzer` keeps a character of the token it is in. */
function keeps(analyzer: AnalyzerName, char: string): boolean {
  return analyzer === 'whitespace' ? !isJavaWhitespace(char) : startsStandardToken(char.codePointAt(0)!);
}

/** The analyzers that leave nothing of `term` (the text as Lucene hands it to the analyzer). */
export function eliminatingAnalyzers(term: string): AnalyzerName[] {
  if (term.length === 0) return [...ANALYZERS];
  if (ASCII_WORD.test(term)) return [];
  const found: AnalyzerName[] = [];
  for (const analyzer of ['standard', 'whitespace'] as const) {
    let kept = false;
    for (const char of term) {
      if (keeps(analyzer, char)) {
        kept = true;
        break;
      }
    }
    if (!kept && !(analyzer === 'standard' && EMOJI_SEQUENCE.test(term))) found.push(analyzer);
  }
  return found;
}

/**
 * The UTF-8 bytes of what `analyzer` makes of `term`: its tokens, cut at 255 characters, joined by one byte.
 * For the standard tokenizer the tokens are counted as runs of characters of its table, which is exact for
 * words of letters and digits and close for the rest.
 */
export function analyzedBytes(analyzer: AnalyzerName, term: string): number {
  if (analyzer === 'keyword') return Buffer.byteLength(term);
  let bytes = 0;
  let tokens = 0;
  let tokenChars = 0;
  for (const char of term) {
    if (!keeps(analyzer, char)) {
      tokenChars = 0;
      continue;
    }
    if (tokenChars === 0 || tokenChars + char.length > MAX_TOKEN_CHARS) {
      tokens++;
      tokenChars = 0;
    }
    tokenChars += char.length;
    bytes += Buffer.byteLength(char);
  }
  return tokens === 0 ? 0 : bytes + tokens - 1;
}

/** The analyzers whose synonym of `term` is longer than Lucene stores; cheap for the terms of real files. */
export function overlongAnalyzers(term: string): Array<{ analyzer: AnalyzerName; bytes: number }> {
  // No analyzer makes more than 3 bytes and a separator of 255 characters of UTF-16 text out of 1 character.
  if (term.length * 3 * (1 + 1 / MAX_TOKEN_CHARS) <= MAX_TERM_BYTES) return [];
  return ANALYZERS.map((analyzer) => ({ analyzer, bytes: analyzedBytes(analyzer, term) })).filter(({ bytes }) => bytes > MAX_TERM_BYTES);
}
