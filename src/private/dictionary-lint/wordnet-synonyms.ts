import { AnalyzerName } from './analyzers';
import { error, Finding } from './findings';
import { TermJudge } from './terms';

/**
 * The WordNet prolog format (`"format": "wordnet"` on a synonym filter), as Lucene's WordnetSynonymParser reads
 * it (https://lucene.apache.org/core/9_12_0/analysis/common/org/apache/lucene/analysis/synonym/WordnetSynonymParser.html).
 * The WordNet documentation defines a line as `s(synset_id,w_num,'word',ss_type,sense_number,tag_count).`
 * (https://wordnet.princeton.edu/documentation/prologdb5wn), but Lucene checks none of that shape: it takes
 * characters 3 to 11 as the synset id, and the text between the first and the last `'` (with `''` read as
 * `'`) as the word, untrimmed, which the analyzer must leave something of. So a line fails the file only when
 * it is shorter than 11 characters (a blank line, a short comment), has fewer than two quotes, or its word is
 * eliminated. Consecutive lines with the same id are one synset; with `expand` on, every word of a synset of
 * two or more is stored as a synonym, at most 32,766 bytes once analyzed.
 */

const SYNSET_ID_END = 11;

/** Checks the lines of a WordNet synonyms file with `judge` for its words. */
export function wordnetLineLint(judge: TermJudge, report: (finding: Finding) => void) {
  let synsetId: string | undefined;
  let synsetSize = 0;
  // A word of the synset too long to store, reported once the synset has a second word.
  let pending: { word: string; found: Array<{ analyzer: AnalyzerName; bytes: number }> } | undefined;
  let reported = false;

  return (text: string, line: number): void => {
    if (text.length < SYNSET_ID_END) {
      const what = text.trim() === '' ? 'a blank line' : `a line of ${text.length} characters`;
      report(error('wordnetMalformedLine', line, `${what}: Lucene reads the synset id from characters 3 to 11 of every line and refuses the file; `
        + "the format has no blank lines or comments, one s(synset_id,w_num,'word',ss_type,sense_number,tag_count). fact a line"));
      return;
    }
    const start = text.indexOf("'") + 1;
    const end = text.lastIndexOf("'");
    if (end < start) {
      report(error('wordnetMalformedLine', line, "fewer than two quotes: Lucene reads the word between the first and the last ' of the line, "
        + "and refuses the file; write s(synset_id,w_num,'word',ss_type,sense_number,tag_count)."));
      return;
    }
    const word = text.slice(start, end).replace(/''/g, "'");
    judge.eliminated(word, line, "the quotes hold nothing: ''");

    const id = text.slice(2, SYNSET_ID_END);
    if (id !== synsetId) {
      synsetId = id;
      synsetSize = 0;
      pending = undefined;
      reported = false;
    }
    synsetSize++;
    const found = judge.overlong(word);
    if (found.length > 0 && pending === undefined) pending = { word, found };
    if (pending && synsetSize >= 2 && !reported) {
      judge.reportOverlong(pending.word, line, pending.found);
      reported = true;
    }
  };
}
