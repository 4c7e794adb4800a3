import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { formatFinding } from './findings';
import { lintDictionary } from './lint';
import { DictionaryFormat } from '../../dictionary-format';
import { DictionaryTokenizer } from '../../dictionary-tokenizer';
import { DICTIONARY_PACKAGE_TYPE } from '../../handler-contract/rules';

/** Prefix of the warnings' ids, which users acknowledge: `cdk-opensearch-packages:<rule id>`. */
const WARNING_PREFIX = 'cdk-opensearch-packages';

/**
 * Lints the file of a package at synth time: warnings become CDK warnings users can acknowledge, errors
 * fail synth the way every validation of the library does (an Error prefixed with the construct's path).
 *
 * @param displayPath the path as the user gave it, which every finding names
 * @param tokenizer the tokenizer of the analyzer that reads a synonyms file, if the user named it
 */
export function lintPackageFile(
  scope: IConstruct, displayPath: string, packageType: string, format: DictionaryFormat | undefined, tokenizer?: DictionaryTokenizer,
): void {
  if (tokenizer !== undefined && format !== DictionaryFormat.SOLR_SYNONYMS && format !== DictionaryFormat.WORDNET_SYNONYMS) {
    throw new Error(`${scope.node.path}: dictionaryTokenizer ${tokenizer} can only be given with dictionaryFormat SOLR_SYNONYMS or WORDNET_SYNONYMS `
      + `(dictionaryFormat is ${format ?? 'not given'}): only a synonym filter analyzes its file`);
  }
  // A type known only at deploy time: the user's format says it is a dictionary, nothing else does.
  if (Token.isUnresolved(packageType)) {
    if (format === undefined) return;
  } else if (packageType !== DICTIONARY_PACKAGE_TYPE) {
    if (format !== undefined) {
      throw new Error(`${scope.node.path}: dictionaryFormat ${format} can only be given for packageType ${DICTIONARY_PACKAGE_TYPE} (packageType is ${packageType})`);
    }
    return;
  }
  const findings = lintDictionary(displayPath, format, tokenizer);
  for (const finding of findings) {
    if (finding.severity === 'warning') {
      Annotations.of(scope).addWarningV2(`${WARNING_PREFIX}:${finding.rule}`, formatFinding(displayPath, finding));
    }
  }
  const errors = findings.filter((finding) => finding.severity === 'error').map((finding) => formatFinding(displayPath, finding));
  if (errors.length > 0) {
    throw new Error(`${scope.node.path}: ${errors.join('\n')}`);
  }
}
