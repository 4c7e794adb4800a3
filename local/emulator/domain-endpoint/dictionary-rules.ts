import { STANDARD_TOKEN_CHARS } from './standard-token-chars';

/**
 * What OpenSearch refuses when it builds an analyzer from a dictionary file: the emulator's domain endpoint
 * applies these to the file of the package a `synonyms_path` or `stopwords_path` names, and refuses the index
 * template as OpenSearch would.
 *
 * A separate, smaller copy on purpose: the emulator stands where AWS stands, so it must not share code with the
 * library it checks (a bug in the library's lint would otherwise hide itself). It holds only refusals, and a
 * test replays Apache Lucene's recorded verdicts on the conformance corpus against it (conformance/). It follows
 * the parsers OpenSearch runs (Lucene's SolrSynonymParser and WordnetSynonymParser, dedup and expand on, not
 * lenient) with the tokenizer of the analyzer chain before the synonym filter:
 * - every file is read as UTF-8, and malformed input fails the read (`Analysis` in OpenSearch);
 * - Solr: a line that is empty or starts with `#` is skipped; split at unescaped `=>` (empty sides dropped), more
 *   than two sides fail; every term, split at `,`, unescaped and trimmed, must keep a token through the
 *   tokenizer; with expand on, a stored synonym (list of two or more, right side) is at most 32,766 bytes;
 * - WordNet: the synset id is characters 2 to 11 of every line and the word lies between its first and last
 *   quote, so a shorter line or one without two quotes fails (Java's own exception, no line number), and so does
 *   a word the tokenizer eliminates;
 * - word lists only need UTF-8.
 * https://docs.opensearch.org/latest/analyzers/token-filters/synonym/ ,
 * https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/package-summary.html
 */

/** The kind of file a setting names. */
export type DictionaryKind = 'solr' | 'wordnet' | 'wordlist';

/** The tokenizers modelled; any other is judged like keyword, which refuses only empty terms. */
export type EmulatedTokenizer = 'standard' | 'whitespace' | 'keyword';

/** Why OpenSearch refuses a file, and at which line (where Lucene's message has none, the line it stopped at). */
export interface DictionaryRefusal {
  readonly line: number;
  readonly reason: string;
}

const MAX_SYNONYM_BYTES = 32_766;

/** Why OpenSearch would refuse the file read by `tokenizer`, or undefined when it builds the analyzer. */
export function dictionaryRefusal(kind: DictionaryKind, content: Uint8Array, tokenizer: EmulatedTokenizer = 'standard'): DictionaryRefusal | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return { line: lineOfFirstInvalidByte(content), reason: 'files must be UTF-8 encoded' };
  }
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (kind === 'solr') return solrRefusal(lines, tokenizer);
  if (kind === 'wordnet') return wordnetRefusal(lines, tokenizer);
  return undefined;
}

function solrRefusal(lines: string[], tokenizer: EmulatedTokenizer): DictionaryRefusal | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line.startsWith('#')) continue;
    const invalid = (cause: string) => ({ line: i + 1, reason: `Invalid synonym rule at line ${i + 1}: ${cause}` });
    const sides = pieces(line, '=>');
    if (sides.length > 2) return invalid('more than one explicit mapping specified on the same line');
    const groups = (sides.length === 2 ? sides : [line]).map((side) => pieces(side, ',').map((term) => javaTrim(term.replace(/\\([\s\S])/g, '$1'))));
    for (const term of groups.flat()) {
      if (!keepsToken(term, tokenizer)) return invalid(`term: ${term} was completely eliminated by analyzer`);
    }
    const outputs = sides.length === 2 ? groups[1] : groups[0].length > 1 ? groups[0] : [];
    for (const term of outputs) {
      const bytes = synonymBytes(term, tokenizer);
      if (bytes > MAX_SYNONYM_BYTES) return { line: i + 1, reason: `bytes can be at most ${MAX_SYNONYM_BYTES} in length; got ${bytes}` };
    }
  }
  return undefined;
}

function wordnetRefusal(lines: string[], tokenizer: EmulatedTokenizer): DictionaryRefusal | undefined {
  let synset = '';
  let size = 0;
  let longest = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length < 11) return { line: i + 1, reason: `begin 2, end 11, length ${line.length}` };
    const start = line.indexOf('\'') + 1;
    const end = line.lastIndexOf('\'');
    if (end < start) return { line: i + 1, reason: `begin ${start}, end ${end}, length ${line.length}` };
    const word = line.slice(start, end).replace(/''/g, '\'');
    if (!keepsToken(word, tokenizer)) {
      return { line: i + 1, reason: `Invalid synonym rule at line ${i + 1}: term: ${word} was completely eliminated by analyzer` };
    }
    if (line.slice(2, 11) !== synset) {
      synset = line.slice(2, 11);
      size = 0;
      longest = 0;
    }
    size++;
    longest = Math.max(longest, synonymBytes(word, tokenizer));
    if (size >= 2 && longest > MAX_SYNONYM_BYTES) return { line: i + 1, reason: `bytes can be at most ${MAX_SYNONYM_BYTES} in length; got ${longest}` };
  }
  return undefined;
}

/** Splits on an unescaped separator, keeping escapes, dropping empty pieces. */
function pieces(text: string, separator: string): string[] {
  const found: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(separator, i)) {
      if (current !== '') found.push(current);
      current = '';
      i += separator.length - 1;
    } else if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i] + text[i + 1];
      i++;
    } else {
      current += text[i];
    }
  }
  if (current !== '') found.push(current);
  return found;
}

const TOKEN_CHARS: Array<[number, number]> = STANDARD_TOKEN_CHARS.split(',').map((range) => {
  const [from, to = from] = range.split('-').map((hex) => parseInt(hex, 16));
  return [from, to];
});
const JAVA_WHITESPACE = /^(?:(?![\u00a0\u2007\u202f])[\p{Zs}\p{Zl}\p{Zp}]|[\t\n\v\f\r\x1c-\x1f])$/u;

/** Whether the tokenizer keeps `char` in a token. */
function kept(char: string, tokenizer: EmulatedTokenizer): boolean {
  if (tokenizer === 'whitespace') return !JAVA_WHITESPACE.test(char);
  const cp = char.codePointAt(0)!;
  return TOKEN_CHARS.some(([from, to]) => cp >= from && cp <= to);
}

function keepsToken(term: string, tokenizer: EmulatedTokenizer): boolean {
  if (tokenizer === 'keyword' || term === '') return term !== '';
  if (tokenizer === 'standard' && /\p{Regional_Indicator}{2}|[#*]\ufe0f?\u20e3/u.test(term)) return true;
  return Array.from(term).some((char) => kept(char, tokenizer));
}

/** The UTF-8 bytes of the synonym Lucene stores: tokens of at most 255 characters joined by one byte. */
function synonymBytes(term: string, tokenizer: EmulatedTokenizer): number {
  if (term.length * 3 < MAX_SYNONYM_BYTES / 2) return 0;
  if (tokenizer === 'keyword') return Buffer.byteLength(term);
  let bytes = 0;
  let tokens = 0;
  let run = 0;
  for (const char of term) {
    if (!kept(char, tokenizer)) {
      run = 0;
      continue;
    }
    if (run === 0 || run + char.length > 255) {
      tokens++;
      run = 0;
    }
    run += char.length;
    bytes += Buffer.byteLength(char);
  }
  return tokens === 0 ? 0 : bytes + tokens - 1;
}

/** The line (ended by \n, \r\n or a lone \r) of the first byte that is not UTF-8. */
function lineOfFirstInvalidByte(content: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= content.length; i++) {
    if (i < content.length && content[i] !== 0x0a && content[i] !== 0x0d) continue;
    try {
      decoder.decode(content.subarray(start, i));
    } catch {
      return line;
    }
    if (content[i] === 0x0d && content[i + 1] === 0x0a) i++;
    line++;
    start = i + 1;
  }
  return line;
}

/** Java's String.trim(): strips characters up to U+0020 at both ends. */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}
