import type { OpenSearchClient, PackageDetails } from '@aws-sdk/client-opensearch';
import { parsePluginProperties } from './package-options';
import { checkedSharedWith } from './package-scope';
import type { PackageData, PackageLookupProperties, PackageProperties } from '../../src/handler-contract/contract';
import { isPackageId, isPackageName, PACKAGE_ID_RULE, PACKAGE_NAME_RULE } from '../../src/handler-contract/rules';
import { callOrFail, echo } from '../shared/errors';
import { optionalString, RawProperties as Raw, requiredString } from '../shared/events';
import { findPackageVersion } from '../shared/package-lookups';

/**
 * The physical id of `Custom::OpenSearchPackage`: the package id (`F123…`, `pkg-…`) for a package the
 * resource created, `adopted:<package id>` for one it took over (`adoptExisting`).
 *
 * Whether Create adopted is recorded here rather than in a property: Delete events carry only the
 * physical id and the properties, and a property says what the user asked for, not whether Create
 * found a package to adopt or made a new one. The physical id travels with the resource through
 * every Update, replacement and rollback, so no later change of properties can forget it. Handlers
 * of earlier versions see `adopted:…` as foreign and never delete it.
 */

const ADOPTED_PREFIX = 'adopted:';

/** What a physical id of ours says: which package, and whether the resource adopted it. */
export interface PackagePhysicalId {
  readonly packageId: string;
  readonly adopted: boolean;
}

export function formatPackagePhysicalId(packageId: string, adopted: boolean): string {
  return adopted ? `${ADOPTED_PREFIX}${packageId}` : packageId;
}

/** The package a physical id names, or undefined when it is not ours (a failed create's marker). */
export function parsePackagePhysicalId(physicalId: unknown): PackagePhysicalId | undefined {
  if (typeof physicalId !== 'string') return undefined;
  const adopted = physicalId.startsWith(ADOPTED_PREFIX);
  const packageId = adopted ? physicalId.slice(ADOPTED_PREFIX.length) : physicalId;
  return isPackageId(packageId) ? { packageId, adopted } : undefined;
}

/**
 * The attributes of a package: its details plus the commit message of its available version, which
 * only GetPackageVersionHistory knows. Details the service leaves out become '' so every GetAtt resolves.
 */
export async function packageData(client: OpenSearchClient, details: PackageDetails): Promise<PackageData> {
  const packageId = details.PackageID ?? '';
  const version = details.AvailablePackageVersion ?? '';
  let commitMessage: string | undefined;
  if (packageId && version) {
    const history = await callOrFail('GetPackageVersionHistory', `${details.PackageName} (${packageId})`,
      () => findPackageVersion(client, packageId, version));
    commitMessage = history?.CommitMessage;
  }
  return {
    PackageId: packageId,
    PackageName: details.PackageName ?? '',
    PackageType: details.PackageType ?? '',
    AvailablePackageVersion: version,
    LatestCommitMessage: commitMessage ?? '',
  };
}

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
