import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { formatFinding } from './findings';
import { lintDictionary } from './lint';
import { DictionaryFormat } from '../../dictionary-format';

/** Prefix of the warnings' ids, which users acknowledge: `cdk-opensearch-packages:<rule id>`. */
const WARNING_PREFIX = 'cdk-opensearch-packages';

/** The package type whose files are dictionaries; no other type is linted. */
const DICTIONARY_TYPE = 'TXT-DICTIONARY';

/**
 * Lints the file of a package at synth time: warnings become CDK warnings users can acknowledge, errors
 * fail synth the way every validation of the library does (an Error prefixed with the construct's path).
 *
 * @param displayPath the path as the user gave it, which every finding names
 */
export function lintPackageFile(scope: IConstruct, displayPath: string, packageType: string, format: DictionaryFormat | undefined): void {
  // A type known only at deploy time: the user's format says it is a dictionary, nothing else does.
  if (Token.isUnresolved(packageType)) {
    if (format === undefined) return;
  } else if (packageType !== DICTIONARY_TYPE) {
    if (format !== undefined) {
      throw new Error(`${scope.node.path}: dictionaryFormat ${format} can only be given for packageType ${DICTIONARY_TYPE} (packageType is ${packageType})`);
    }
    return;
  }
  const findings = lintDictionary(displayPath, format);
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
