/**
 * `adoptExisting`: Create takes over the account's package of the resource's name instead of making a
 * new one, so the package keeps its id and reference path (`analyzers/F…`) that index settings name.
 *
 * Only a package the account owns, of the same type (and, for a plugin, engine version and vending),
 * is taken; anything else fails naming it, before any change. The file becomes the package's next
 * version unless the newest version already holds it: the library's commit message names the file
 * (the asset hash, or the S3 object version), so a redeployment of the same file makes no version.
 * Whether Create adopted is recorded in the physical id (see package-properties.ts); Delete keeps an adopted
 * package unless the user set removalPolicy DESTROY.
 */
import { PackageStatus } from '@aws-sdk/client-opensearch';
import type { OpenSearchClient, PackageDetails } from '@aws-sdk/client-opensearch';
import { formatPackagePhysicalId, parsePackagePhysicalId } from './package-properties';
import { s3Url, stageFile, withStagedFileRemoved } from './staging';
import { requestUpdate } from './update-request';
import type { PackageData, PackageProperties } from '../../src/handler-contract/contract';
import { echo, callOrFail } from '../shared/errors';
import type { OnEventResponse } from '../shared/events';
import { findPackagesNamed, findPackageVersion } from '../shared/package-lookups';
import { requested } from '../shared/step';
import type { Step } from '../shared/step';

/** Statuses of a package whose newest version is settled, so UpdatePackage may follow. */
const SETTLED: ReadonlySet<string | undefined> = new Set([PackageStatus.AVAILABLE, PackageStatus.VALIDATION_FAILED, PackageStatus.COPY_FAILED]);

/**
 * Takes over the account's package named like the resource, or returns undefined when the account
 * has none of that name (the caller creates one). `stackId` tells which account owns the stack.
 */
export async function adoptExistingPackage(
  client: OpenSearchClient, properties: PackageProperties, stackId: string | undefined,
): Promise<Step<OnEventResponse> | undefined> {
  const name = properties.PackageName;
  const named = await callOrFail('DescribePackages', name, () => findPackagesNamed(client, name));
  const account = accountOf(stackId);
  const own = named.filter((details) => details.PackageOwner === account);
  if (own.length === 0) {
    if (named.length > 0) {
      const found = named.map((details) => `${details.PackageID} (owner ${details.PackageOwner ?? 'unknown'})`).join(', ');
      throw new Error(`Refusing to adopt package ${echo(name)}: ${found} is not owned by account ${account}, and only a package's `
        + 'owner can update it; choose another packageName. Nothing was changed');
    }
    return undefined;
  }
  // Names are unique among one owner's packages.
  const existing = own[0];
  const packageId = existing.PackageID!;
  const ref = `${name} (${packageId})`;
  assertAdoptable(existing, properties, ref);

  const physicalResourceId = formatPackagePhysicalId(packageId, true);
  const report = { packageName: name, packageId, physicalResourceId, status: existing.PackageStatus };
  if (await holdsFile(client, existing, properties, ref)) {
    return requested(physicalResourceId, { ...report, outcome: 'adopted-unchanged' });
  }
  const staged = await stageFile(properties);
  // No old properties: nothing of ours was there before, so no encryption this stack turned on to turn off.
  const outcome = await requestUpdate({ client, packageId, ref, properties, staged, oldProperties: {}, before: existing })
    .catch(withStagedFileRemoved(properties));
  // isComplete waits for a version newer than this one (see PackageData).
  const versionBefore: Pick<PackageData, 'AvailablePackageVersion'> = { AvailablePackageVersion: existing.AvailablePackageVersion ?? '' };
  return {
    response: { PhysicalResourceId: physicalResourceId, Data: versionBefore },
    report: { ...report, outcome: `adopted-${outcome}`, stagedFile: s3Url(staged) },
  };
}

/**
 * Whether Delete keeps the package: one the resource adopted is kept unless the user set
 * removalPolicy DESTROY. Read from the physical id, so a replaced or rolled-back resource keeps it too.
 */
export function keepsAdoptedPackage(physicalId: unknown, properties: Record<string, unknown> | undefined): boolean {
  return parsePackagePhysicalId(physicalId)?.adopted === true && properties?.DeleteAdopted !== 'true';
}

/** Fails, naming the package and the rule, unless the resource may take the package over as it is. */
function assertAdoptable(existing: PackageDetails, properties: PackageProperties, ref: string): void {
  const refuse = (reason: string) => new Error(`Refusing to adopt package ${ref}: ${reason}. Nothing was changed`);
  if (existing.PackageType !== properties.PackageType) {
    throw refuse(`it is a ${existing.PackageType} package, but packageType is ${properties.PackageType}; `
      + 'adoptExisting takes over only a package of the same type, so choose another packageName');
  }
  if (existing.EngineVersion !== properties.EngineVersion) {
    throw refuse(`it is built for engine version ${existing.EngineVersion ?? '(none)'}, but engineVersion is `
      + `${properties.EngineVersion ?? '(none)'}; the service can't change a package's engine version`);
  }
  const vending = String(existing.PackageVendingOptions?.VendingEnabled ?? false);
  if (properties.VendingEnabled !== undefined && properties.VendingEnabled !== vending) {
    throw refuse(`its vending is ${vending}, but vending is ${properties.VendingEnabled}; only CreatePackage sets vending`);
  }
  if (!SETTLED.has(existing.PackageStatus)) {
    throw refuse(`it is ${existing.PackageStatus}; deploy again once it is AVAILABLE`);
  }
}

/**
 * Whether the package's newest version is already this file: the commit message the library wrote
 * names the file. Without a commit message there is nothing to compare, and a package whose last
 * attempt failed gets the file again, so the resource completes on a version that passed validation.
 */
async function holdsFile(client: OpenSearchClient, existing: PackageDetails, properties: PackageProperties, ref: string): Promise<boolean> {
  const version = existing.AvailablePackageVersion;
  if (properties.CommitMessage === undefined || !version || existing.PackageStatus !== PackageStatus.AVAILABLE) {
    return false;
  }
  const newest = await callOrFail('GetPackageVersionHistory', ref, () => findPackageVersion(client, existing.PackageID!, version));
  return newest?.CommitMessage === properties.CommitMessage;
}

/** The account of the stack (`arn:aws:cloudformation:<region>:<account>:stack/…`). */
function accountOf(stackId: string | undefined): string {
  const account = stackId?.split(':')[4];
  if (!account || !/^[0-9]{12}$/.test(account)) {
    throw new Error(`Can't tell the stack's account from StackId ${echo(stackId ?? '(none)')}: adoptExisting adopts only the account's own packages`);
  }
  return account;
}
