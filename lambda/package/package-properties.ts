import { parsePluginProperties } from './package-options';
import { checkedSharedWith } from './package-scope';
import type { PackageLookupProperties, PackageProperties } from '../../src/handler-contract/contract';
import { isPackageId, isPackageName, PACKAGE_ID_RULE, PACKAGE_NAME_RULE } from '../../src/handler-contract/rules';
import { echo } from '../shared/errors';
import { optionalString, RawProperties as Raw, requiredString } from '../shared/events';

/**
 * Checks the `ResourceProperties` of a package or a package look-up and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */

export function parsePackageProperties(raw: Raw): PackageProperties {
  const packageName = requiredString(raw, 'PackageName');
  if (!isPackageName(packageName)) {
    throw new Error(`Invalid PackageName "${echo(packageName)}": expected ${PACKAGE_NAME_RULE}`);
  }
  return withoutUndefined({
    PackageName: packageName,
    PackageType: requiredString(raw, 'PackageType'),
    S3BucketName: requiredString(raw, 'S3BucketName'),
    S3Key: requiredString(raw, 'S3Key'),
    S3ObjectVersion: optionalString(raw, 'S3ObjectVersion'),
    PackageDescription: optionalString(raw, 'PackageDescription'),
    CommitMessage: optionalString(raw, 'CommitMessage'),
    EngineVersion: optionalString(raw, 'EngineVersion'),
    StagingBucketName: requiredString(raw, 'StagingBucketName'),
    StagingPrefix: requiredString(raw, 'StagingPrefix'),
    ...parsePluginProperties(raw),
    SharedWith: checkedSharedWith(raw),
    AdoptExisting: flag(raw, 'AdoptExisting'),
    DeleteAdopted: flag(raw, 'DeleteAdopted'),
  });
}

export function parsePackageLookupProperties(raw: Raw): PackageLookupProperties {
  const packageName = optionalString(raw, 'PackageName');
  const packageId = optionalString(raw, 'PackageId');
  if ((packageName === undefined) === (packageId === undefined)) {
    throw new Error('A package look-up needs exactly one of PackageName and PackageId');
  }
  if (packageName !== undefined && !isPackageName(packageName)) {
    throw new Error(`Invalid PackageName "${echo(packageName)}": expected ${PACKAGE_NAME_RULE}`);
  }
  if (packageId !== undefined && !isPackageId(packageId)) {
    throw new Error(`Invalid PackageId "${echo(packageId)}": expected ${PACKAGE_ID_RULE}`);
  }
  return packageName !== undefined ? { PackageName: packageName } : { PackageId: packageId };
}

/** A `'true'`/`'false'` property; anything else fails, naming the field. */
function flag(raw: Raw, field: string): string | undefined {
  const value = optionalString(raw, field);
  if (value !== undefined && value !== 'true' && value !== 'false') {
    throw new Error(`Invalid ${field} "${echo(value, 32)}": expected true or false`);
  }
  return value;
}

/** Drops absent optional fields, so comparisons and logs only show what was set. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
