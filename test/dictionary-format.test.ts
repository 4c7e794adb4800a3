import { Annotations as CdkAnnotations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, DictionaryFormat, DictionaryTokenizer, PackageSource, PackageType } from '../src';
import { newStack } from './construct-fixtures';
import { DictionaryFixtures } from './dictionary-lint/fixtures';

/**
 * `PackageSource.fromAsset(path, { dictionaryFormat })` in a stack: the lint runs at synth, errors stop it
 * with the construct's path, warnings are acknowledgeable CDK warnings.
 */

const PACKAGE = 'Custom::OpenSearchPackage';
const fixtures = new DictionaryFixtures();
afterAll(() => fixtures.remove());

test('a correct dictionary with a format synthesizes its package', () => {
  const stack = newStack();
  const file = fixtures.file('laptop, notebook\nphone => smartphone\n');

  new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }) });

  Template.fromStack(stack).resourceCountIs(PACKAGE, 1);
  Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
});

test('an error fails synth with the construct path, the file as given, the line and the rule', () => {
  const file = fixtures.file('# products\nlaptop, notebook\nphone => mobile => cell\n');

  expect(() => new CustomPackage(newStack(), 'Synonyms', {
    source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
  })).toThrow(`TestStack/Synonyms: ${file}:3: more than two sides around "=>" in a rule, which OpenSearch refuses `
    + '("more than one explicit mapping specified on the same line"); write a literal one as \\=> [solrMultipleArrows]');
});

test('every error of the file is in the message, one a line', () => {
  const file = fixtures.file('a => b => c\nfoo, , bar\nand, &\n');

  let message = '';
  try {
    new CustomPackage(newStack(), 'Synonyms', {
      source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS, dictionaryTokenizer: DictionaryTokenizer.STANDARD }),
    });
  } catch (err) {
    message = (err as Error).message;
  }

  expect(message.split('\n').map((line) => /:(\d+): .*\[(\w+)\]$/.exec(line)?.slice(1))).toEqual([
    ['1', 'solrMultipleArrows'], ['2', 'synonymTermEliminated'], ['3', 'synonymTermEliminated'],
  ]);
});

test('the declared tokenizer decides whether a term the standard tokenizer drops fails synth', () => {
  const file = fixtures.file('and, &\n');
  const synonyms = (dictionaryTokenizer?: DictionaryTokenizer) => {
    const stack = newStack();
    new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS, dictionaryTokenizer }) });
    return stack;
  };

  expect(() => synonyms(DictionaryTokenizer.STANDARD)).toThrow(`TestStack/Synonyms: ${file}:1: "&" has nothing the standard tokenizer keeps`);
  Annotations.fromStack(synonyms(DictionaryTokenizer.WHITESPACE)).hasNoWarning('*', Match.anyValue());
  Annotations.fromStack(synonyms()).hasWarning('/TestStack/Synonyms', Match.stringLikeRegexp(
    ':1: "&" has nothing the standard tokenizer keeps.*when the synonym filter\'s analyzer uses the standard tokenizer.*\\[synonymTermEliminated\\]'));
});

test('a tokenizer is refused for word lists and format-free dictionaries', () => {
  const file = fixtures.file('a\nthe\n');
  expect(() => new CustomPackage(newStack(), 'Stopwords', {
    source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.STOPWORDS, dictionaryTokenizer: DictionaryTokenizer.STANDARD }),
  })).toThrow('TestStack/Stopwords: dictionaryTokenizer STANDARD can only be given with dictionaryFormat SOLR_SYNONYMS or WORDNET_SYNONYMS (dictionaryFormat is STOPWORDS)');
});

test('a warning is a CDK warning with an id that can be acknowledged', () => {
  const file = fixtures.file('the end\nof\n');
  const stack = newStack();
  new CustomPackage(stack, 'Stopwords', { source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.STOPWORDS }) });

  Annotations.fromStack(stack).hasWarning('/TestStack/Stopwords', `${file}:1: "the end" has whitespace inside; a stop filter compares single tokens, `
    + 'so it can never match (put each word on its own line) [stopwordsInnerWhitespace] [ack: cdk-opensearch-packages:stopwordsInnerWhitespace]');

  // Acknowledged for the whole stack, before the package exists, as an app would do it.
  const acknowledged = newStack();
  CdkAnnotations.of(acknowledged).acknowledgeWarning('cdk-opensearch-packages:stopwordsInnerWhitespace', 'multi-word entries are intended');
  new CustomPackage(acknowledged, 'Stopwords', { source: PackageSource.fromAsset(file, { dictionaryFormat: DictionaryFormat.STOPWORDS }) });
  Annotations.fromStack(acknowledged).hasNoWarning('*', Match.anyValue());
});

test('without a format a dictionary gets the checks every dictionary needs', () => {
  const bom = fixtures.file('\ufefflaptop, notebook\n');
  const stack = newStack();
  new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(bom) });
  Annotations.fromStack(stack).hasWarning('/TestStack/Synonyms', Match.stringLikeRegexp(':1: the file starts with a UTF-8 byte-order mark.*\\[dictionaryByteOrderMark\\]'));

  const latin1 = fixtures.file(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  expect(() => new CustomPackage(newStack(), 'Synonyms', { source: PackageSource.fromAsset(latin1) }))
    .toThrow(`TestStack/Synonyms: ${latin1}:1: byte 4 of the line is not valid UTF-8`);

  // Format rules only apply when asked for: two "=>" are fine for a format-free dictionary.
  const twoArrows = fixtures.file('a => b => c\n');
  new CustomPackage(newStack(), 'Synonyms', { source: PackageSource.fromAsset(twoArrows) });
});

test('other package types are not linted, and refuse a dictionary format', () => {
  const binary = fixtures.file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x00]), 'plugin.zip');
  const stack = newStack();
  new CustomPackage(stack, 'Plugin', {
    source: PackageSource.fromAsset(binary),
    packageType: PackageType.ZIP_PLUGIN,
    engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
  });
  Template.fromStack(stack).resourceCountIs(PACKAGE, 1);

  expect(() => new CustomPackage(newStack(), 'License', {
    source: PackageSource.fromAsset(fixtures.file('MIT\n', 'LICENSE'), { dictionaryFormat: DictionaryFormat.STOPWORDS }),
    packageType: PackageType.PACKAGE_LICENSE,
  })).toThrow('TestStack/License: dictionaryFormat STOPWORDS can only be given for packageType TXT-DICTIONARY (packageType is PACKAGE-LICENSE)');
});
