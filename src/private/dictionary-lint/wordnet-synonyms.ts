import { error, Finding } from './findings';

/**
 * The WordNet prolog format (`"format": "wordnet"` on a synonym filter): every line is one fact
 * `s(synset_id,w_num,'word',ss_type,sense_number,tag_count).`, as the WordNet documentation defines it
 * (https://wordnet.princeton.edu/documentation/prologdb5wn): a nine-digit synset id whose first digit is the
 * syntactic category (1 noun, 2 verb, 3 adjective, 4 adverb), the word in single quotes with `''` for a quote
 * inside it, ss_type one of n, v, a, s, r. Lucene's WordnetSynonymParser reads the synset id from the
 * characters right after `s(` and the word between the first and the last quote, and it knows no comments or
 * blank lines: any other line fails the whole file
 * (https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/WordnetSynonymParser.html).
 */

const FACT = /^s\([1-4][0-9]{8},[0-9]+,'((?:[^']|'')*)',[nvasr],[0-9]+,[0-9]+\)\.$/;

/** Checks one line of a WordNet synonyms file. */
export function lintWordnetLine(text: string, line: number, report: (finding: Finding) => void): void {
  const fact = FACT.exec(text);
  if (fact && fact[1].replace(/''/g, "'").trim() !== '') return;
  report(error('wordnetMalformedLine', line,
    `not a WordNet fact s(synset_id,w_num,'word',ss_type,sense_number,tag_count). (${wordnetProblem(text, fact)}), which OpenSearch refuses`));
}

/** Why a line is not a fact, in the words a user can act on. */
function wordnetProblem(text: string, fact: RegExpExecArray | null): string {
  if (fact) return 'the word is empty';
  if (text.trim() === '') return 'a blank line: the format has none';
  if (text.startsWith('#') || text.startsWith('%')) return 'a comment: the format has none';
  if (!/^s\([0-9]{9},/.test(text)) return 'it must start with s( and a nine-digit synset id';
  if (!text.endsWith(').')) return 'it must end with ).';
  return "a quote inside the word must be doubled (''), and ss_type must be one of n, v, a, s, r";
}
