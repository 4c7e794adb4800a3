/**
 * What OpenSearch refuses when it builds an analyzer from a dictionary file: the emulator's domain endpoint
 * applies these to the file of the package a `synonyms_path` or `stopwords_path` names, and refuses the index
 * template as OpenSearch would.
 *
 * A separate, smaller copy on purpose: the emulator stands where AWS stands, so it must not share code with the
 * library it checks (a bug in the library's lint would otherwise hide itself). It holds only refusals, none of
 * the library's warnings, and follows the parsers OpenSearch runs:
 * - every file is read as UTF-8, and malformed input fails the read (`Analysis` in OpenSearch);
 * - Solr synonyms (Lucene's SolrSynonymParser, the default `format`): a line that is empty or starts with `#` is
 *   skipped; more than two non-empty pieces around unescaped `=>` fail ("more than one explicit mapping specified
 *   on the same line"); a piece between separators that is only whitespace reaches the analyzer empty and fails
 *   ("term: ... was completely eliminated by analyzer"), unless the filter is `lenient`;
 * - WordNet synonyms (Lucene's WordnetSynonymParser, `"format": "wordnet"`): the synset id is read from characters
 *   2 to 10 of every line and the word between its first and last quote, so a line shorter than that, or without
 *   two quotes, fails, and so does an empty word.
 * https://docs.opensearch.org/latest/analyzers/token-filters/synonym/ ,
 * https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/package-summary.html
 * The reasons follow OpenSearch's and Lucene's messages ("Invalid synonym rule at line N", the cause's message);
 * OpenSearch nests them as causes of "failed to build synonyms", which the emulator puts in front in one string.
 */

/** The kind of file a setting names. */
export type DictionaryKind = 'solr' | 'wordnet' | 'wordlist';

/** Why OpenSearch would refuse the file, or undefined when it builds the analyzer. */
export function dictionaryRefusal(kind: DictionaryKind, content: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    return 'files must be UTF-8 encoded';
  }
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  const problem = kind === 'solr' ? solrProblem : kind === 'wordnet' ? wordnetProblem : undefined;
  for (let i = 0; problem && i < lines.length; i++) {
    const reason = problem(lines[i], i + 1);
    if (reason) return reason;
  }
  return undefined;
}

function solrProblem(line: string, lineNumber: number): string | undefined {
  if (line === '' || line.startsWith('#')) return undefined;
  const invalid = (cause: string) => `Invalid synonym rule at line ${lineNumber}: ${cause}`;
  const sides = pieces(line, '=>');
  if (sides.length > 2) return invalid('more than one explicit mapping specified on the same line');
  for (const side of sides.length === 2 ? sides : [line]) {
    for (const term of pieces(side, ',')) {
      if (javaTrim(term.replace(/\\(.)/g, '$1')) === '') return invalid('term:  was completely eliminated by analyzer');
    }
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

/** Out-of-range substrings fail with Java's own message, which has no line number; an empty word is a rule error. */
function wordnetProblem(line: string, lineNumber: number): string | undefined {
  if (line.length < 11) return `begin 2, end 11, length ${line.length}`;
  const start = line.indexOf('\'') + 1;
  const end = line.lastIndexOf('\'');
  if (end < start) return `begin ${start}, end ${end}, length ${line.length}`;
  const word = line.slice(start, end).replace(/''/g, '\'');
  if (javaTrim(word) === '') return `Invalid synonym rule at line ${lineNumber}: term: ${word} was completely eliminated by analyzer`;
  return undefined;
}

/** Java's String.trim(): strips characters up to U+0020 at both ends. */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}
