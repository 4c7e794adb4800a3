import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';

/**
 * Writes the conformance corpus: dictionary files Lucene judges (conformance/lucene-verdicts.json) and the lint
 * must agree with. Real-world files and every breakage we could think of, Unicode included. The files are
 * checked in; this script is how they were made, and `ts-node conformance/generate-corpus.ts` rewrites them.
 */

type Format = 'solr' | 'wordnet' | 'stopwords';
type Content = string | Buffer;

const CORPUS = path.join(__dirname, 'corpus');
const cases: Array<[Format, string, Content]> = [];
const add = (format: Format, name: string, content: Content): void => { cases.push([format, name, content]); };
const bytes = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

// ---- Solr synonyms: real-world files.
add('solr', 'solr-reference-guide', [
  '# blank lines and lines starting with pound are comments.', '',
  '#Explicit mappings match any token sequence on the LHS of "=>"', '#and replace with all alternatives on the RHS.',
  'i-pod, i pod => ipod,', 'sea biscuit, sea biscit => seabiscuit', '',
  '#Equivalent synonyms may be separated with commas and give', 'ipod, i-pod, i pod', 'foozball , foosball',
  'universe , cosmos', 'lol, laughing out loud', '', 'ipod, i-pod, i pod => ipod, i-pod, i pod', 'ipod, i-pod, i pod => ipod',
  '', '#multiple synonym mapping entries are merged.', 'foo => foo bar', 'foo => baz', 'foo => foo bar, baz', '',
].join('\n'));
add('solr', 'ecommerce', '# products\nlaptop, notebook, ultrabook\nphone => smartphone, mobile phone\ntv, television, telly\nusb stick, thumb drive, flash drive\nt-shirt, tee, tshirt\n');
add('solr', 'multilingual', 'café, coffee shop\n飞利浦刮胡刀,飞利浦剃须刀\nstraße => strasse\nnaïve, naive\nМосква, moscow\nαθήνα, athens\n');
add('solr', 'crlf', '# windows\r\nfoo, bar\r\n\r\nbaz => qux\r\n');
add('solr', 'no-final-newline', 'foo, bar\nbaz => qux');
add('solr', 'escapes', 'a\\,a => b\\,b\nx\\=>y, z\nback\\\\slash, backslash\nc\\\\\n');
add('solr', 'adjacent-separators', 'foo,,bar\nfoo,bar,\n,foo,bar\n');
add('solr', 'comments-only', '# one\n# two\n#three\n');
add('solr', 'blank-lines-only', '\n\n\n');
add('solr', 'lone-cr-lines', 'a, b\rc => d\re, f\r');
add('solr', 'mixed-line-ends', 'a, b\r\nc, d\re, f\ng, h\n');
add('solr', 'numbers', '1, one\n2nd, second\n3.14, pi\n१, one devanagari\n１２, twelve fullwidth\n');
add('solr', 'cjk-scripts', 'ひらがな, hiragana\nカタカナ, katakana\n한국어, korean\nภาษาไทย, thai\n');
add('solr', 'combining-after-letter', 'e\u0301te\u0301, ete\n');
add('solr', 'uppercase', 'Straße, STRASSE\nNYC => New York City\n');
add('solr', 'nul-inside-term', 'a\u0000b, c\n');
add('solr', 'single-term-lines', 'alone\nanother one\n');
add('solr', 'nbsp-inside-term', 'new\u00a0york, nyc\n');
add('solr', 'hyphen-words', 'c++ => cpp\nat&t, att\ne-mail, email\n');
add('solr', 'escaped-arrow-term', 'a \\=> b, c\n');

// ---- Solr: arrows.
add('solr', 'two-arrows', '# products\nlaptop, notebook\nphone => mobile => cell\n');
add('solr', 'three-arrows', 'a => b => c => d\n');
add('solr', 'arrows-empty-middle', 'a =>=> b\n');
add('solr', 'arrows-leading', '=> a => b\n');
add('solr', 'arrows-trailing', 'a, b => c =>\n');
add('solr', 'arrow-alone', 'foo, bar\n=>\n');
add('solr', 'arrows-only', '=>=>\n');
add('solr', 'arrow-empty-right', 'foo =>\n');
add('solr', 'arrow-empty-left', '=> bar\n');
add('solr', 'arrow-right-space', 'ok\nfoo => \n');
add('solr', 'indented-comment-arrows', '  # a => b => c\n');
add('solr', 'arrows-escaped', 'a \\=> b => c\n');

// ---- Solr: backslashes.
add('solr', 'trailing-backslash', 'foo, bar\\\nbaz, qux\n');
add('solr', 'backslash-alone', 'foo, bar\n\\\n');
add('solr', 'escaped-backslash-alone', 'foo, \\\\\n');
add('solr', 'escaped-comma-alone', 'foo, \\,\n');
add('solr', 'escaped-space-alone', 'foo, \\ \n');
add('solr', 'escaped-arrow-alone', 'foo, \\=>\n');
add('solr', 'backslash-after-arrow', 'foo => \\\n');

// ---- Solr: blank terms.
add('solr', 'stray-comma', 'foo, , bar\n');
add('solr', 'comma-space-end', 'ok, fine\nfoo, bar, \n');
add('solr', 'line-of-spaces', 'foo, bar\n   \n');
add('solr', 'line-of-tabs', 'foo, bar\n\t\t\n');
add('solr', 'tab-term', 'a,\t\n');
add('solr', 'separators-only', 'foo, bar\n,,\n');
add('solr', 'nul-term', 'a, \u0000\n');
add('solr', 'nul-line', 'a, b\n\u0000\n');
add('solr', 'whitespace-file', ' \n\t\n');

// ---- Solr: terms the analyzer eliminates (punctuation, symbols, invisible characters).
const symbols: Array<[string, string]> = [
  ['ampersand', '&'], ['hyphen', '-'], ['plus', '+'], ['exclamation', '!'], ['ellipsis', '...'], ['apostrophe', '\''],
  ['underscore', '_'], ['at-sign', '@'], ['dollar', '$'], ['euro', '€'], ['percent', '%'], ['degree', '°'],
  ['section', '§'], ['slash', '/'], ['period', '.'], ['hash-inside', 'a, #'], ['star', '★'], ['half', '½'],
  ['superscript-two', '²'], ['roman-twelve', 'Ⅻ'], ['middle-dot', '·'], ['em-dash', '—'], ['quote-marks', '""'],
];
for (const [name, term] of symbols) add('solr', `symbol-${name}`, term.includes(',') ? `${term}\n` : `x, ${term}\n`);
add('solr', 'symbol-mapping-left', '& => and\n');
add('solr', 'symbol-alone-line', 'a, b\n&\n');
add('solr', 'indented-hash', 'a, b\n   #\n');
add('solr', 'indented-hash-dashes', '  # -----\n');
add('solr', 'indented-comment-words', '  # a real comment\n');
const invisible: Array<[string, string]> = [
  ['nbsp', '\u00a0'], ['nel', '\u0085'], ['zero-width-space', '\u200b'], ['ideographic-space', '\u3000'],
  ['line-separator', '\u2028'], ['paragraph-separator', '\u2029'], ['figure-space', '\u2007'], ['narrow-nbsp', '\u202f'],
  ['combining-acute', '\u0301'], ['zero-width-joiner', '\u200d'], ['soft-hyphen', '\u00ad'], ['em-space', '\u2003'],
  ['vertical-tab', '\u000b'], ['form-feed', '\u000c'], ['unit-separator', '\u001f'], ['mongolian-vowel-sep', '\u180e'],
];
for (const [name, term] of invisible) add('solr', `invisible-${name}`, `x, ${term}\n`);
add('solr', 'bom-first-line', '\ufeffa, b\n');
add('solr', 'bom-line-alone', '\ufeff\nfoo, bar\n');
add('solr', 'bom-concatenated', 'a, b\n\ufeff# second file\nc, d\n');
add('solr', 'bom-concatenated-alone', 'a, b\n\ufeff\nc, d\n');
add('solr', 'bom-concatenated-dashes', 'a, b\n\ufeff# ----\nc, d\n');

// ---- Solr: emoji and pictographs.
const emoji: Array<[string, string]> = [
  ['grinning', '😀'], ['thumbs-up', '👍'], ['heart-suit', '♥'], ['red-heart', '❤️'], ['copyright', '©'],
  ['trademark', '™'], ['flag', '🇺🇸'], ['keycap', '1️⃣'], ['family-zwj', '👨‍👩‍👧'], ['skin-tone', '👍🏽'],
  ['keycap-hash', '#️⃣'], ['keycap-star-bare', '*\u20e3'], ['regional-indicator-alone', '🇺'], ['star', '★'],
];
for (const [name, term] of emoji) add('solr', `emoji-${name}`, `x, ${term}\n`);

// ---- Solr: long terms (Lucene keeps a term of at most 32,766 UTF-8 bytes once analyzed).
add('solr', 'long-term-output', `x, ${'a'.repeat(40_000)}\n`);
add('solr', 'long-term-alone', `${'a'.repeat(40_000)}\n`);
add('solr', 'long-term-under-limit', `x, ${'a'.repeat(32_000)}\n`);
add('solr', 'long-term-mapping-left', `${'a'.repeat(40_000)} => x\n`);
add('solr', 'long-term-mapping-right', `x => ${'a'.repeat(40_000)}\n`);
add('solr', 'long-term-words', `x, ${'abcdefgh '.repeat(4_000)}\n`);
add('solr', 'long-term-multibyte', `x, ${'é'.repeat(17_000)}\n`);

// ---- Solr: encodings.
add('solr', 'latin1', bytes('foo, bar\ncaf', [0xe9], ', coffee\n'));
add('solr', 'lone-continuation', bytes('a, b\nc', [0x80], ', d\n'));
add('solr', 'overlong', bytes('a, ', [0xc0, 0xaf], '\n'));
add('solr', 'surrogate', bytes('a, b\nc, ', [0xed, 0xa0, 0x80], '\n'));
add('solr', 'truncated-at-end', bytes('a, b\nc, ', [0xe2, 0x98]));
add('solr', 'byte-ff', bytes('a, b\n\nc', [0xff], '\n'));
add('solr', 'above-max', bytes('a, ', [0xf4, 0x90, 0x80, 0x80], '\n'));
add('solr', 'utf16le-bom', Buffer.from('\ufefffoo, bar\n', 'utf16le'));
add('solr', 'utf16le-no-bom', Buffer.from('foo, bar\nbaz, qux\n', 'utf16le'));
add('solr', 'cr-only-invalid-line-3', bytes('a, b\rc, d\re, ', [0xe9], '\rg, h\r'));
add('solr', 'crlf-invalid-line-2', bytes('a, b\r\nc', [0xe9], '\r\n'));

// ---- WordNet: real-world facts.
const WN = [
  "s(100001740,1,'entity',n,1,11).", "s(100001930,1,'physical entity',n,1,0).", "s(100002137,1,'abstraction',n,6,0).",
  "s(100002137,2,'abstract entity',n,1,0).", "s(200001740,1,'breathe',v,1,25).", "s(200001740,2,'take a breath',v,1,0).",
  "s(300001740,1,'able',a,1,2).", "s(300003131,1,'o''clock',s,1,0).", "s(400001740,1,'a cappella',r,1,0).",
];
add('wordnet', 'wn-excerpt', `${WN.join('\n')}\n`);
add('wordnet', 'wn-crlf', `${WN.join('\r\n')}\r\n`);
add('wordnet', 'wn-no-final-newline', WN.join('\n'));
add('wordnet', 'wn-lone-cr', `${WN.join('\r')}\r`);
add('wordnet', 'wn-single-word-synset', "s(100001740,1,'entity',n,1,11).\n");
add('wordnet', 'wn-unicode-words', "s(100000001,1,'café',n,1,0).\ns(100000001,2,'coffee shop',n,1,0).\ns(100000002,1,'飞利浦',n,1,0).\ns(100000002,2,'philips',n,1,0).\n");
add('wordnet', 'wn-other-shape', "s(1,1,'x',n,1,0).\ns(1,2,'y',n,1,0).\n");
add('wordnet', 'wn-other-digits', "s(900001740,1,'entity',n,1,11).\ns(012345678,1,'thing',z,9,9).\n");
add('wordnet', 'wn-no-final-period', "s(100001740,1,'entity',n,1,11)\ns(100001740,2,'thing',n,1,0)\n");
add('wordnet', 'wn-trailing-spaces', "s(100001740,1,'entity',n,1,11).   \ns(100001740,2,'thing',n,1,0).\t\n");
add('wordnet', 'wn-spaces-after-commas', "s(100001740, 1, 'entity', n, 1, 11).\ns(100001740, 2, 'thing', n, 1, 0).\n");
add('wordnet', 'wn-quote-inside', "s(300003131,1,'o'clock',s,1,0).\ns(300003131,2,'rock 'n' roll',s,1,0).\n");
add('wordnet', 'wn-bom', "\ufeffs(100001740,1,'entity',n,1,11).\ns(100001740,2,'thing',n,1,0).\n");
add('wordnet', 'wn-prolog-lowercase-args', "s(a,b,'entity',c,d,e).\n");
add('wordnet', 'wn-word-with-spaces', "s(100001740,1,'  spaced  ',n,1,0).\ns(100001740,2,'thing',n,1,0).\n");
add('wordnet', 'wn-nul-in-word', "s(100001740,1,'a\u0000b',n,1,0).\ns(100001740,2,'thing',n,1,0).\n");
// ---- WordNet: refusals.
add('wordnet', 'wn-blank-line', "s(100001740,1,'entity',n,1,11).\n\ns(100001741,1,'thing',n,1,0).\n");
add('wordnet', 'wn-short-comment', "% WordNet\ns(100001740,1,'entity',n,1,11).\n");
add('wordnet', 'wn-long-comment', "% this is the WordNet prolog file\ns(100001740,1,'entity',n,1,11).\n");
add('wordnet', 'wn-hash-comment-quotes', "# it's the file's header\ns(100001740,1,'entity',n,1,11).\n");
add('wordnet', 'wn-short-line', "s(100001740,1,'entity',n,1,11).\ns(1).\n");
add('wordnet', 'wn-one-quote', "s(100001740,1,'entity,n,1,11).\n");
add('wordnet', 'wn-no-quotes', 's(100001740,1,entity,n,1,11).\n');
add('wordnet', 'wn-empty-word', "s(100001740,1,'',n,1,11).\n");
add('wordnet', 'wn-space-word', "s(100001740,1,' ',n,1,11).\n");
add('wordnet', 'wn-symbol-word', "s(100001740,1,'&',n,1,11).\ns(100001740,2,'and',n,1,0).\n");
add('wordnet', 'wn-hyphen-word', "s(100001740,1,'-',n,1,11).\n");
add('wordnet', 'wn-nbsp-word', "s(100001740,1,'\u00a0',n,1,11).\n");
add('wordnet', 'wn-ideographic-space-word', "s(100001740,1,'\u3000',n,1,11).\n");
add('wordnet', 'wn-zwsp-word', "s(100001740,1,'\u200b',n,1,11).\n");
add('wordnet', 'wn-quotes-only', "''''''''''''\n");
add('wordnet', 'wn-eleven-chars', "s(12345'',)\n");
add('wordnet', 'wn-exactly-eleven', "s(1'a'4567)\n");
add('wordnet', 'wn-ten-chars', "s(1'a'456)\n");
add('wordnet', 'wn-refusal-line-3', `${WN.slice(0, 2).join('\n')}\ns(100002137,1,'!',n,6,0).\n`);
add('wordnet', 'wn-long-word', `s(100001740,1,'${'a'.repeat(40_000)}',n,1,0).\ns(100001740,2,'thing',n,1,0).\n`);
add('wordnet', 'wn-long-word-alone', `s(100001740,1,'${'a'.repeat(40_000)}',n,1,0).\n`);
add('wordnet', 'wn-latin1', bytes("s(100001740,1,'caf", [0xe9], "',n,1,0).\n"));
add('wordnet', 'wn-cr-only-invalid-line-3', bytes(`${WN[0]}\r${WN[1]}\rs(100002137,1,'caf`, [0xe9], "',n,6,0).\r"));
add('wordnet', 'wn-blank-lines-only', '\n\n');
add('wordnet', 'wn-whitespace-line', `${WN[0]}\n   \n`);

// ---- Stopwords: OpenSearch and Lucene take any UTF-8 word list.
add('stopwords', 'english', '# English\na\nan\nand\nare\nas\nat\nbe\nbut\nby\nfor\nif\nin\ninto\nis\nit\nno\nnot\nof\non\nor\nthe\nto\n');
add('stopwords', 'french', 'au\naux\navec\nce\nces\ndans\nde\ndes\ndu\nelle\nen\net\nà\nêtre\n');
add('stopwords', 'crlf', 'a\r\nan\r\nthe\r\n');
add('stopwords', 'lone-cr', 'a\ran\rthe\r');
add('stopwords', 'blank-lines', 'a\n\n\nthe\n');
add('stopwords', 'indented', '  of  \n\tthe\t\n');
add('stopwords', 'indented-comment', '  # not a comment\nthe\n');
add('stopwords', 'inner-whitespace', 'a\nthe end\n');
add('stopwords', 'bom', '\ufeffa\nthe\n');
add('stopwords', 'bom-concatenated', 'a\n\ufeff# second\nthe\n');
add('stopwords', 'nul', 'a\u0000b\nthe\n');
add('stopwords', 'symbols', '&\n-\n+\n!\n...\n');
add('stopwords', 'invisible', '\u00a0\n\u200b\n\u3000\n\u0301\n');
add('stopwords', 'blank-lines-only', '\n\n\n');
add('stopwords', 'whitespace-only', ' \n\t\n');
add('stopwords', 'comments-only', '# a\n# b\n');
add('stopwords', 'emoji', '😀\n👍\n');
add('stopwords', 'cjk', '的\n了\nは\nを\n');
add('stopwords', 'long-word', `${'a'.repeat(40_000)}\nthe\n`);
add('stopwords', 'no-final-newline', 'a\nthe');
add('stopwords', 'backslashes', '\\\nfoo\\\n');
add('stopwords', 'latin1', bytes('a\nd', [0xe9], 'j', [0xe0], '\n'));
add('stopwords', 'utf16le-bom', Buffer.from('\ufeffa\nthe\n', 'utf16le'));
add('stopwords', 'utf16le-no-bom', Buffer.from('a\nthe\n', 'utf16le'));
add('stopwords', 'overlong', bytes('a\n', [0xc0, 0xaf], '\n'));
add('stopwords', 'surrogate', bytes('a\n', [0xed, 0xa0, 0x80], '\n'));
add('stopwords', 'truncated-at-end', bytes('a\nthe', [0xe2, 0x98]));
add('stopwords', 'cr-only-invalid-line-3', bytes('a\rthe\rd', [0xe9], 'j\r'));
add('stopwords', 'crlf-invalid-line-2', bytes('a\r\nd', [0xe9], 'j\r\n'));
add('stopwords', 'byte-ff-line-4', bytes('a\nb\nc\n', [0xff], '\n'));

rmSync(CORPUS, { recursive: true, force: true });
const counts: Record<string, number> = {};
for (const [format, name, content] of cases) {
  counts[format] = (counts[format] ?? 0) + 1;
  const folder = path.join(CORPUS, format);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${name}.txt`), content);
}
console.log(`corpus: ${cases.length} files (${Object.entries(counts).map(([f, n]) => `${f} ${n}`).join(', ')})`);
