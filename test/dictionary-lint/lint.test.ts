import { DictionaryFixtures, generatedSolrSynonyms } from './fixtures';
import { DictionaryFormat, DictionaryTokenizer } from '../../src';
import { Finding, formatFinding } from '../../src/private/dictionary-lint/findings';
import { lintDictionary, MAX_FINDINGS_PER_RULE } from '../../src/private/dictionary-lint/lint';

/**
 * The lint rule by rule: correct files give no finding, and every error and warning names the file, the
 * line and the rule, in the words users read in `cdk synth`.
 */

const fixtures = new DictionaryFixtures();
afterAll(() => fixtures.remove());

/** Findings as `synonyms.txt:<line>: <message> [<rule>]`, plus their severity. */
function lint(content: string | Uint8Array, format?: DictionaryFormat, name = 'synonyms.txt', tokenizer?: DictionaryTokenizer): Array<{ severity: string; text: string }> {
  const file = fixtures.file(content, name);
  return lintDictionary(file, format, tokenizer).map((finding: Finding) => ({
    severity: finding.severity,
    text: formatFinding(name, finding),
  }));
}

// The example file of OpenSearch's synonym filter documentation and of the Solr Reference Guide
// (https://docs.opensearch.org/latest/analyzers/token-filters/synonym/,
// https://solr.apache.org/guide/solr/latest/indexing-guide/filters.html#synonym-graph-filter).
const SOLR_DOCUMENTATION_EXAMPLE = [
  '# blank lines and lines starting with pound are comments.',
  '',
  '#Explicit mappings match any token sequence on the LHS of "=>"',
  '#and replace with all alternatives on the RHS.  These types of mappings',
  '#ignore the expand parameter in the schema.',
  '#Examples:',
  'i-pod, i pod => ipod,',
  'sea biscuit, sea biscit => seabiscuit',
  '',
  '#Equivalent synonyms may be separated with commas and give',
  '#no explicit mapping.  In this case the mapping behavior will',
  '#be taken from the expand parameter in the schema.  This allows',
  '#the same synonym file to be used in different synonym handling strategies.',
  '#Examples:',
  'ipod, i-pod, i pod',
  'foozball , foosball',
  'universe , cosmos',
  'lol, laughing out loud',
  '',
  '# If expand==true, "ipod, i-pod, i pod" is equivalent',
  '# to the explicit mapping:',
  'ipod, i-pod, i pod => ipod, i-pod, i pod',
  '# If expand==false, "ipod, i-pod, i pod" is equivalent',
  '# to the explicit mapping:',
  'ipod, i-pod, i pod => ipod',
  '',
  '#multiple synonym mapping entries are merged.',
  'foo => foo bar',
  'foo => baz',
  '#is equivalent to',
  'foo => foo bar, baz',
  '',
].join('\n');

describe('correct files give no finding', () => {
  test.each([
    ['the Solr documentation\'s example', DictionaryFormat.SOLR_SYNONYMS, SOLR_DOCUMENTATION_EXAMPLE],
    ['multi-word terms', DictionaryFormat.SOLR_SYNONYMS, 'ice cream, gelato, frozen custard\nnew york city, nyc => new york\n'],
    ['escaped separators', DictionaryFormat.SOLR_SYNONYMS, 'a\\,a => b\\,b\nx\\=>y, z\nback\\\\slash, backslash\nc\\\\\n'],
    ['comments and empty lines', DictionaryFormat.SOLR_SYNONYMS, '# heading\n\n#tight comment\nfoo, bar\n\n# trailing\n'],
    ['CRLF line endings', DictionaryFormat.SOLR_SYNONYMS, '# windows\r\nfoo, bar\r\n\r\nbaz => qux\r\n'],
    ['no newline at the end', DictionaryFormat.SOLR_SYNONYMS, 'foo, bar'],
    ['adjacent separators, which Lucene drops', DictionaryFormat.SOLR_SYNONYMS, 'foo,,bar\nfoo,bar,\n,foo,bar\n'],
    ['non-ASCII terms', DictionaryFormat.SOLR_SYNONYMS, 'café, coffee shop\n飞利浦刮胡刀,飞利浦剃须刀\nstraße => strasse\n'],
    ['WordNet facts, with a doubled quote', DictionaryFormat.WORDNET_SYNONYMS,
      "s(100001740,1,'entity',n,1,11).\ns(100002137,1,'abstraction',n,6,0).\ns(100002137,2,'abstract entity',n,1,0).\ns(300003131,1,'o''clock',s,1,0).\n"],
    ['WordNet with CRLF line endings', DictionaryFormat.WORDNET_SYNONYMS, "s(200001740,1,'breathe',v,1,25).\r\ns(200001740,2,'take a breath',v,1,0).\r\n"],
    ['stopwords with comments and blank lines', DictionaryFormat.STOPWORDS, '# English\na\nan\n\nthe\n  of  \n#not a word\n'],
    ['any format-free dictionary text', undefined, 'anything goes, here\n=> => =>\n'],
  ])('%s', (_name, format, content) => {
    expect(lint(content, format)).toEqual([]);
  });
});

describe('every dictionary', () => {
  test('invalid UTF-8 is an error naming the line and byte', () => {
    const latin1 = Buffer.concat([Buffer.from('foo, bar\ncaf'), Buffer.from([0xe9]), Buffer.from(', coffee\n')]);
    expect(lint(latin1)).toEqual([{
      severity: 'error',
      text: 'synonyms.txt:2: byte 4 of the line is not valid UTF-8, and OpenSearch reads dictionaries as UTF-8 only; save the file as UTF-8 [dictionaryInvalidUtf8]',
    }]);
  });

  test('a NUL byte is a warning: Lucene keeps it inside a term', () => {
    expect(lint('foo\nbar\0baz\n')).toEqual([{
      severity: 'warning',
      text: 'synonyms.txt:2: the line holds a NUL byte (U+0000), which no text dictionary has; is this a binary or UTF-16 file? [dictionaryNulByte]',
    }]);
  });

  test('a file of whitespace only is a warning: OpenSearch builds an empty map or list', () => {
    expect(lint(' \n\t\n')).toEqual([{
      severity: 'warning',
      text: 'synonyms.txt:1: the dictionary has no content, only whitespace: OpenSearch builds an empty synonym map or word list from it [dictionaryEmpty]',
    }]);
  });

  test('a byte-order mark is a warning, at the start and on a later line', () => {
    expect(lint('\ufefffoo, bar\n')).toEqual([{
      severity: 'warning',
      text: 'synonyms.txt:1: the file starts with a UTF-8 byte-order mark, which OpenSearch reads as part of the first term; save the file as UTF-8 without BOM [dictionaryByteOrderMark]',
    }]);
    expect(lint('foo, bar\n\ufeffbaz, qux\n').map((f) => f.text)).toEqual([expect.stringMatching(/^synonyms\.txt:2: the line starts with a UTF-8 byte-order mark \(files concatenated\?\).*\[dictionaryByteOrderMark\]$/)]);
  });

  test('UTF-16 is caught: its byte-order mark is not UTF-8', () => {
    const utf16 = Buffer.from('\ufefffoo, bar\n', 'utf16le');
    expect(lint(utf16).map((f) => f.text)).toContainEqual(expect.stringMatching(/^synonyms\.txt:1: .*\[dictionaryInvalidUtf8\]$/));
  });

  test('with lone CR line ends, invalid UTF-8 is found at its own line', () => {
    const bytes = Buffer.concat([Buffer.from('a, b\rc, d\re, '), Buffer.from([0xe9]), Buffer.from('\rg, h\r')]);
    expect(lint(bytes).map((f) => f.text)).toEqual(['synonyms.txt:3: byte 4 of the line is not valid UTF-8, and OpenSearch reads dictionaries as UTF-8 only; save the file as UTF-8 [dictionaryInvalidUtf8]']);
  });
});

describe('Solr synonyms', () => {
  const solr = (content: string, tokenizer?: DictionaryTokenizer) => lint(content, DictionaryFormat.SOLR_SYNONYMS, 'synonyms.txt', tokenizer);
  const ELIMINATED = 'OpenSearch refuses the file ("was completely eliminated by analyzer")';

  test('three sides around => are an error', () => {
    expect(solr('# products\nlaptop, notebook\nphone => mobile => cell\n')).toEqual([{
      severity: 'error',
      text: 'synonyms.txt:3: more than two sides around "=>" in a rule, which OpenSearch refuses ("more than one explicit mapping specified on the same line"); write a literal one as \\=> [solrMultipleArrows]',
    }]);
  });

  test.each([
    ['an empty middle side', 'a =>=> b\n'],
    ['a leading arrow', '=> a => b\n'],
    ['a trailing arrow', 'a, b => c =>\n'],
  ])('two arrows around an empty side are no error (Lucene drops empty sides): %s', (_name, content) => {
    expect(solr(content)).toEqual([]);
  });

  test('a backslash at the end of a line is a warning: Lucene keeps it', () => {
    expect(solr('foo, bar\\\nbaz, qux\n')).toEqual([{
      severity: 'warning',
      text: 'synonyms.txt:1: the line ends with a backslash, which escapes nothing: Lucene keeps it as a character of the last term; remove it, or write \\\\ for a literal backslash [solrTrailingBackslash]',
    }]);
  });

  test.each([
    ['a stray comma', 'foo, , bar\n', 1],
    ['a comma and a space at the end', 'ok, fine\nfoo, bar, \n', 2],
    ['a space after =>', 'ok\nfoo => \n', 2],
    ['a line of spaces', 'foo, bar\n   \n', 2],
    ['an escaped space alone', 'foo, \\ \n', 1],
    ['a NUL alone, which trim() removes', 'foo, \0\n', 1],
  ])('an empty term is an error whatever the analyzer: %s', (_name, content, line) => {
    expect(solr(content).filter((f) => f.severity === 'error')).toEqual([{
      severity: 'error',
      text: `synonyms.txt:${line}: a term is empty (a stray comma or "=>", a separator followed by spaces, or a line of spaces), and ${ELIMINATED} [synonymTermEliminated]`,
    }]);
  });

  test('a term the standard tokenizer drops is an error when it reads the file, and no finding for the keyword tokenizer', () => {
    expect(solr('and, &\n', DictionaryTokenizer.STANDARD)).toEqual([{
      severity: 'error',
      text: `synonyms.txt:1: "&" has nothing the standard tokenizer keeps (punctuation, symbols and invisible characters are dropped), so ${ELIMINATED} [synonymTermEliminated]`,
    }]);
    expect(solr('and, &\n', DictionaryTokenizer.KEYWORD)).toEqual([]);
  });

  test('with no tokenizer declared, it is a warning naming the tokenizers that drop it', () => {
    expect(solr('space, \u3000\n')).toEqual([{
      severity: 'warning',
      text: `synonyms.txt:1: "\\u{3000}" has nothing the standard or whitespace tokenizers keep (punctuation, symbols and invisible characters are dropped), so ${ELIMINATED} `
        + 'when the synonym filter\'s analyzer uses the standard or whitespace tokenizer; set dictionaryTokenizer to check for yours [synonymTermEliminated]',
    }]);
  });

  test.each([
    ['an indented #, which is no comment', '  #\n'],
    ['a no-break space', 'x, \u00a0\n'],
    ['a zero-width space', 'x, \u200b\n'],
    ['a combining mark alone', 'x, \u0301\n'],
    ['a byte-order mark of a concatenated file', 'a, b\n\ufeff\n'],
    ['an escaped backslash alone', 'x, \\\\\n'],
    ['a lone =>, which Lucene reads as a term', '=>\n'],
  ])('the standard tokenizer drops %s', (_name, content) => {
    expect(solr(content, DictionaryTokenizer.STANDARD).map((f) => f.text)).toContainEqual(expect.stringMatching(/\[synonymTermEliminated\]$/));
    expect(solr(content, DictionaryTokenizer.KEYWORD).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a synonym over 32,766 bytes once analyzed is an error; as a lone term or a left-hand side it is stored nowhere', () => {
    const long = 'a'.repeat(40_000);
    expect(solr(`x, ${long}\n`).map((f) => f.text)).toEqual([expect.stringMatching(
      /^synonyms\.txt:1: "a{40}\.\.\." is up to 40,156 bytes once analyzed by the standard or whitespace or keyword tokenizer, and Lucene stores a synonym of at most 32,766 bytes.*\[synonymTermTooLong\]$/)]);
    expect(solr(`${long}\n${long} => x\n`)).toEqual([]);
  });

  test('a rule with no term once separators are removed is a warning', () => {
    expect(solr('foo, bar\n,,\n')).toEqual([{
      severity: 'warning',
      text: 'synonyms.txt:2: the rule has no term once its separators are removed; OpenSearch ignores it [solrEmptyRule]',
    }]);
  });

  test('an arrow with terms on one side only is a warning: the line is one list of terms', () => {
    expect(solr('foo =>\n=> bar\n').map((f) => f.text)).toEqual([
      'synonyms.txt:1: "=>" has terms on one side only, so Lucene reads the line as one term, "=>" included, and maps nothing to it [solrEmptySide]',
      'synonyms.txt:2: "=>" has terms on one side only, so Lucene reads the line as one term, "=>" included, and maps nothing to it [solrEmptySide]',
    ]);
  });

  test('line numbers count CRLF, lone CR and comment lines as OpenSearch does', () => {
    // "foo\r\r" is two lines, "foo" and an empty one, as for Java's readLine().
    expect(solr('# a\r\nfoo\r\rbar => x => y\r\n').map((f) => f.text)).toEqual([expect.stringMatching(/^synonyms\.txt:4: more than two sides around "=>"/)]);
  });

  test('an indented # is no comment: its => counts', () => {
    expect(solr('  # a => b => c\n').map((f) => f.text)).toEqual([expect.stringMatching(/^synonyms\.txt:1: .*\[solrMultipleArrows\]$/)]);
  });

  test('past the cap, one finding sums up the rest of a rule', () => {
    const content = Array.from({ length: MAX_FINDINGS_PER_RULE + 5 }, (_, i) => `a${i} => b => c`).join('\n');
    const findings = solr(content).map((f) => f.text);
    expect(findings).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(findings[MAX_FINDINGS_PER_RULE]).toBe(`synonyms.txt:${MAX_FINDINGS_PER_RULE + 1}: 5 more line(s) break the same rule, from this line on [solrMultipleArrows]`);
  });
});

describe('WordNet synonyms', () => {
  const wordnet = (content: string, tokenizer?: DictionaryTokenizer) => lint(content, DictionaryFormat.WORDNET_SYNONYMS, 'wn_s.pl', tokenizer);

  test.each([
    ['another s(...) shape', "s(1,1,'x',n,1,0).\n"],
    ['no final period', "s(100001740,1,'entity',n,1,11)\n"],
    ['trailing spaces', "s(100001740,1,'entity',n,1,11).   \n"],
    ['spaces after commas', "s(100001740, 1, 'entity', n, 1, 11).\n"],
    ['a quote inside the word', "s(300003131,1,'o'clock',s,1,0).\n"],
    ['a byte-order mark (a warning only)', "\ufeffs(100001740,1,'entity',n,1,11).\n"],
  ])('Lucene takes lines the prolog shape does not describe: %s', (_name, content) => {
    expect(wordnet(content).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test.each([
    ['a blank line', "s(100001740,1,'entity',n,1,11).\n\n", 2, 'a blank line: Lucene reads the synset id from characters 3 to 11'],
    ['a short comment', "% WordNet\ns(100001740,1,'entity',n,1,11).\n", 1, 'a line of 9 characters: Lucene reads the synset id from characters 3 to 11'],
    ['no quotes', 's(100001740,1,entity,n,1,11).\n', 1, 'fewer than two quotes'],
    ['one quote', "s(100001740,1,'entity,n,1,11).\n", 1, 'fewer than two quotes'],
  ])('a line Lucene cannot read is an error: %s', (_name, content, line, problem) => {
    const findings = wordnet(content);
    expect(findings).toHaveLength(1);
    expect(findings[0].severity).toBe('error');
    expect(findings[0].text).toMatch(new RegExp(`^wn_s\\.pl:${line}: ${problem.replace(/[()]/g, '\\$&')}.*\\[wordnetMalformedLine\\]$`));
  });

  test('an empty word is an error; a word of a space only the keyword tokenizer keeps', () => {
    expect(wordnet("s(100001740,1,'',n,1,11).\n").map((f) => f.text)).toEqual([expect.stringMatching(/^wn_s\.pl:1: a term is empty .*\[synonymTermEliminated\]$/)]);
    expect(wordnet("s(100001740,1,' ',n,1,11).\n", DictionaryTokenizer.KEYWORD)).toEqual([]);
    expect(wordnet("s(100001740,1,' ',n,1,11).\n", DictionaryTokenizer.WHITESPACE).map((f) => f.text)).toEqual([expect.stringMatching(/^wn_s\.pl:1: " " has nothing the standard or whitespace tokenizers keep/)]);
  });

  test('a word too long to store is reported once its synset has a second word', () => {
    const content = `s(100001740,1,'${'a'.repeat(40_000)}',n,1,0).\ns(100001740,2,'thing',n,1,0).\ns(100001741,1,'${'b'.repeat(40_000)}',n,1,0).\n`;
    expect(wordnet(content).map((f) => f.text)).toEqual([expect.stringMatching(/^wn_s\.pl:2: "a{40}\.\.\." is up to 40,156 bytes .*\[synonymTermTooLong\]$/)]);
  });
});

describe('stopwords', () => {
  test('a term with whitespace inside is a warning', () => {
    expect(lint('a\nthe end\n', DictionaryFormat.STOPWORDS, 'stopwords.txt')).toEqual([{
      severity: 'warning',
      text: 'stopwords.txt:2: "the end" has whitespace inside; a stop filter compares single tokens, so it can never match (put each word on its own line) [stopwordsInnerWhitespace]',
    }]);
  });
});

describe('large files', () => {
  // Correctness only: the time is the bench's to measure (no timed tests).
  const TEN_MB = generatedSolrSynonyms(9_999_900);

  test('a generated 10 MB Solr file is read whole and gives no finding', () => {
    expect(Buffer.byteLength(TEN_MB)).toBeGreaterThan(9_999_900);
    expect(Buffer.byteLength(TEN_MB)).toBeLessThanOrEqual(10_000_000);
    expect(lint(TEN_MB, DictionaryFormat.SOLR_SYNONYMS)).toEqual([]);
  });

  test('an error deep in a large file is found at its line, across read chunks', () => {
    const lines = TEN_MB.split('\n');
    lines[123_456] = 'broken => rule => here';
    const findings = lint(lines.join('\n'), DictionaryFormat.SOLR_SYNONYMS).map((f) => f.text);
    expect(findings).toEqual([expect.stringMatching(/^synonyms\.txt:123457: more than two sides around "=>"/)]);
  });

  test('over 10 MB is a warning at the line where the file passes 10 MB', () => {
    const bigger = `${TEN_MB}${'foo, bar\n'.repeat(1000)}`;
    const line = bigger.slice(0, 10_000_000).split('\n').length;
    const megabytes = (Buffer.byteLength(bigger) / 1_000_000).toFixed(1);
    expect(lint(bigger, DictionaryFormat.SOLR_SYNONYMS)).toEqual([{
      severity: 'warning',
      text: `synonyms.txt:${line}: the file passes 10 MB at this line (${megabytes} MB in all); the domain holds every dictionary in its Java heap, so split or trim it [dictionaryTooLarge]`,
    }]);
  });
});
