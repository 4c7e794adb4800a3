/**
 * The emulator's own model of the dictionary files OpenSearch refuses, alone and behind the domain endpoint,
 * which refuses an index template whose analyzer could not be built from an ACTIVE package's file.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { ANALYZERS, CORPUS_DIR, corpusFiles, CorpusFormat, formatOfFile, recordedVerdicts } from '../../conformance/verdicts';
import { Emulator, startEmulator } from '../../local/emulator';
import { DictionaryKind, dictionaryRefusal } from '../../local/emulator/domain-endpoint/dictionary-rules';
import { callDomain } from '../../local/emulator/domain-endpoint/domain-client';
import { OpenSearchError } from '../../local/emulator/domain-endpoint/opensearch-error';

describe('dictionaryRefusal', () => {
  test.each([
    ['solr', 'ipod, i-pod, i pod\ni-pod, i pod => ipod,\n# a => b => c\n\nfoo,,bar\na\\=>b => c\n'],
    ['solr', 'foo =>\n=> bar\n,,\nback\\\n'], // what Lucene ignores or keeps is no refusal
    ['solr', 'tv, television\r\n'],
    ['wordnet', "s(100001740,1,'entity',n,1,11).\ns(300003131,1,'o''clock',s,1,0).\n"],
    ['wordlist', 'a\n the end \n'],
  ] as const)('accepts what OpenSearch builds: %s %#', (kind, content) => {
    expect(dictionaryRefusal(kind, Buffer.from(content))).toBeUndefined();
  });

  test.each([
    ['solr', 'ok\nphone => mobile => cell\n', 'Invalid synonym rule at line 2: more than one explicit mapping specified on the same line'],
    ['solr', 'foo, , bar\n', 'Invalid synonym rule at line 1: term:  was completely eliminated by analyzer'],
    ['solr', 'ok\r\nfoo => \r\n', 'Invalid synonym rule at line 2: term:  was completely eliminated by analyzer'],
    ['solr', '  \n', 'Invalid synonym rule at line 1: term:  was completely eliminated by analyzer'],
    ['wordnet', "s(100001740,1,'entity',n,1,11).\n\n", 'begin 2, end 11, length 0'],
    ['wordnet', 's(100001740,1,entity,n,1,11).\n', 'begin 0, end -1, length 29'],
    ['wordnet', "s(100001740,1,'',n,1,11).\n", 'Invalid synonym rule at line 1: term:  was completely eliminated by analyzer'],
  ] as const)('refuses what OpenSearch refuses: %s %#', (kind, content, reason) => {
    expect(dictionaryRefusal(kind, Buffer.from(content))?.reason).toBe(reason);
  });

  test('invalid UTF-8 is refused whatever the kind', () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(['solr', 'wordnet', 'wordlist'].map((kind) => dictionaryRefusal(kind as 'solr', latin1)))
      .toEqual(Array(3).fill({ line: 1, reason: 'files must be UTF-8 encoded' }));
  });
});

describe('Lucene\'s recorded verdicts on the conformance corpus', () => {
  const KIND: Record<CorpusFormat, DictionaryKind> = { solr: 'solr', wordnet: 'wordnet', stopwords: 'wordlist' };
  const verdicts = recordedVerdicts();

  test.each(corpusFiles().flatMap((file) => ANALYZERS.map((analyzer) => [file, analyzer] as const)))(
    'the emulator refuses %s read by the %s tokenizer exactly where Lucene does', (file, analyzer) => {
      const verdict = verdicts[file][analyzer]!;
      const refusal = dictionaryRefusal(KIND[formatOfFile(file)], readFileSync(path.join(CORPUS_DIR, file)), analyzer);
      expect(refusal?.line).toBe(verdict.accepted ? undefined : verdict.line);
    });
});

describe('the domain endpoint builds analyzers from package files', () => {
  const DOMAIN = 'products';
  const PKG = 'F123456789';
  let emu: Emulator | undefined;

  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  async function domainWith(content: string | Uint8Array): Promise<Emulator> {
    emu = await startEmulator({ domainEndpoints: true });
    emu.addDomain(DOMAIN);
    emu.addPackage({ packageId: PKG, packageName: 'synonyms', content });
    emu.addAssociation({ domainName: DOMAIN, packageId: PKG });
    return emu;
  }

  function put(e: Emulator, filter: Record<string, unknown>) {
    return callDomain(e, DOMAIN, {
      method: 'PUT',
      path: '/_index_template/products',
      body: { index_patterns: ['products*'], template: { settings: { analysis: { filter: { dictionary: filter } } } } },
    });
  }

  test('a broken Solr file refuses the template, as OpenSearch refuses to build the synonym filter', async () => {
    const e = await domainWith('laptop, notebook\nphone => mobile => cell\n');

    const answer = await put(e, { type: 'synonym_graph', synonyms_path: `analyzers/${PKG}` });

    expect(answer).toEqual({
      status: 400,
      body: new OpenSearchError(400, 'illegal_argument_exception',
        'failed to build synonyms: Invalid synonym rule at line 2: more than one explicit mapping specified on the same line').toJSON(),
    });
    expect(e.indexTemplateNames(DOMAIN)).toEqual([]);
  });

  test('the tokenizer of the analyzer that holds the filter decides whether a term is eliminated', async () => {
    const e = await domainWith('and, &\n');
    const template = (tokenizer: string) => callDomain(e, DOMAIN, {
      method: 'PUT',
      path: '/_index_template/products',
      body: {
        index_patterns: ['products*'],
        template: {
          settings: {
            analysis: {
              tokenizer: { words: { type: tokenizer } },
              filter: { dictionary: { type: 'synonym_graph', synonyms_path: `analyzers/${PKG}` } },
              analyzer: { search: { tokenizer: 'words', filter: ['lowercase', 'dictionary'] } },
            },
          },
        },
      },
    });

    expect((await template('standard')).body.error?.reason)
      .toBe('failed to build synonyms: Invalid synonym rule at line 1: term: & was completely eliminated by analyzer');
    expect((await template('whitespace')).status).toBe(200);
  });

  test('lenient filters skip what they cannot parse', async () => {
    const e = await domainWith('foo, , bar\n');
    expect((await put(e, { type: 'synonym', synonyms_path: `analyzers/${PKG}`, lenient: true })).status).toBe(200);
  });

  test('the format setting picks the parser', async () => {
    const e = await domainWith("s(100001740,1,'entity',n,1,11).\n");
    expect((await put(e, { type: 'synonym', synonyms_path: `analyzers/${PKG}`, format: 'wordnet' })).status).toBe(200);
    // The same file read as Solr is one rule with one term: built, and useless, but not refused.
    expect((await put(e, { type: 'synonym', synonyms_path: `analyzers/${PKG}` })).status).toBe(200);
    // A Solr file read as WordNet is refused.
    e.setPackageFile(PKG, 'v1', 'tv, television\n');
    expect((await put(e, { type: 'synonym', synonyms_path: `analyzers/${PKG}`, format: 'wordnet' })).body.error.reason)
      .toBe('failed to build synonyms: begin 0, end -1, length 14');
  });

  test('a stop word list that is not UTF-8 refuses the template', async () => {
    const e = await domainWith(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const answer = await put(e, { type: 'stop', stopwords_path: `analyzers/${PKG}` });
    expect(answer.body.error).toMatchObject({
      type: 'illegal_argument_exception',
      reason: `Unsupported character encoding detected while reading stopwords_path: analyzers/${PKG} - files must be UTF-8 encoded`,
    });
  });

  test('the domain reads the version that is ACTIVE on it, and nothing when it does not know the file', async () => {
    const e = await domainWith('tv, television\n');
    e.setPackageFile(PKG, 'v2', 'a => b => c\n'); // a version the domain does not run
    expect((await put(e, { type: 'synonym', synonyms_path: `analyzers/${PKG}` })).status).toBe(200);

    await e.stop();
    const unknownFile = await startEmulator({ domainEndpoints: true });
    emu = unknownFile;
    unknownFile.addDomain(DOMAIN);
    unknownFile.addPackage({ packageId: PKG, packageName: 'synonyms' }); // no content: nothing to check
    unknownFile.addAssociation({ domainName: DOMAIN, packageId: PKG });
    expect((await put(unknownFile, { type: 'synonym', synonyms_path: `analyzers/${PKG}` })).status).toBe(200);
  });
});
