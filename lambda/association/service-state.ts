import { DescribeDomainCommand, DomainPackageStatus, ListPackagesForDomainCommand, PackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainStatus, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { DomainPackage } from './properties';
import { MAX_PAGE_SIZE } from '../../src/handler-contract/rules';
import { callOrFail, UnexpectedResponseError } from '../shared/errors';
import { describePackage } from '../shared/package-lookups';

/*
 * What the association handlers read of the service before they ask it anything: whether the package
 * can be associated now, the domain's associations, and whether the domain is busy with a change.
 */

/**
 * Reads one association by listing the domain's packages page by page until the package shows up
 * or the pages run out. Returns undefined when the package is not associated with the domain.
 * Service errors (e.g. ResourceNotFoundException for a missing domain) are thrown unchanged. A page
 * without the list is an error, never "not listed": that would report a dissociation that has not happened.
 */
export async function findDomainPackage(client: OpenSearchClient, target: DomainPackage): Promise<DomainPackageDetails | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListPackagesForDomainCommand({
      DomainName: target.domainName,
      MaxResults: MAX_PAGE_SIZE,
      NextToken: nextToken,
    }));
    if (!Array.isArray(page.DomainPackageDetailsList)) {
      throw new UnexpectedResponseError('ListPackagesForDomain', 'DomainPackageDetailsList');
    }
    const found = page.DomainPackageDetailsList.find((details) => details.PackageID === target.packageId);
    if (found) {
      return found;
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

/**
 * Every package associated with the domain, in any status, following every NextToken. A page without
 * the list is an unreadable reply (transient), never "nothing associated".
 */
export async function listDomainPackages(client: OpenSearchClient, domainName: string): Promise<DomainPackageDetails[]> {
  const packages: DomainPackageDetails[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListPackagesForDomainCommand({ DomainName: domainName, MaxResults: MAX_PAGE_SIZE, NextToken: nextToken }));
    if (!Array.isArray(page.DomainPackageDetailsList)) {
      throw new UnexpectedResponseError('ListPackagesForDomain', 'DomainPackageDetailsList');
    }
    packages.push(...page.DomainPackageDetailsList);
    nextToken = page.NextToken;
  } while (nextToken);
  return packages;
}

/**
 * Whether something is in flight on a domain, read from its state (never from an error message):
 * a package ASSOCIATING/DISSOCIATING in ListPackagesForDomain, or DescribeDomain showing a
 * configuration change, an engine upgrade or a service software update being applied.
 */

/** DescribeDomain's DomainProcessingStatus values that mean nothing is being changed. */
const SETTLED_PROCESSING_STATUSES: ReadonlySet<string> = new Set(['Active', 'Isolated']);
/** ChangeProgressDetails.ConfigChangeStatus values of a change still being worked on. */
const CHANGING_CONFIG_STATUSES: ReadonlySet<string> = new Set(['Pending', 'Initializing', 'Validating', 'ApplyingChanges']);

/** Every association on the domain as listed now (wrapping errors for CloudFormation). */
export function readDomainPackages(client: OpenSearchClient, target: DomainPackage): Promise<DomainPackageDetails[]> {
  return callOrFail('ListPackagesForDomain', target, () => listDomainPackages(client, target.domainName));
}

/**
 * What keeps the domain busy, e.g. `package F222222222 is ASSOCIATING`, or undefined when it is idle.
 * `packages` is the domain's listing, read by the caller.
 */
export async function domainActivity(
  client: OpenSearchClient, target: DomainPackage, packages: readonly DomainPackageDetails[],
): Promise<string | undefined> {
  const moving = packages.find((p) => p.DomainPackageStatus === DomainPackageStatus.ASSOCIATING
    || p.DomainPackageStatus === DomainPackageStatus.DISSOCIATING);
  if (moving) {
    return `package ${moving.PackageID} is ${moving.DomainPackageStatus}`;
  }
  const status = await callOrFail('DescribeDomain', target, async () => {
    const { DomainStatus: described } = await client.send(new DescribeDomainCommand({ DomainName: target.domainName }));
    // A reply without the domain's status says nothing about "idle": it is unreadable, so not yet.
    if (!described) throw new UnexpectedResponseError('DescribeDomain', 'DomainStatus');
    return described;
  });
  return domainChange(status);
}

/** The change DescribeDomain says the domain is applying, or undefined. */
export function domainChange(status: DomainStatus): string | undefined {
  if (status.Processing) return 'the domain is processing a configuration change';
  if (status.UpgradeProcessing) return 'the domain is upgrading its engine version';
  if (status.DomainProcessingStatus && !SETTLED_PROCESSING_STATUSES.has(status.DomainProcessingStatus)) {
    return `the domain is ${status.DomainProcessingStatus}`;
  }
  const config = status.ChangeProgressDetails?.ConfigChangeStatus;
  if (config && CHANGING_CONFIG_STATUSES.has(config)) {
    return `a configuration change is ${config}`;
  }
  return undefined;
}

/**
 * Whether the package can be associated now, read from DescribePackages before asking: a package
 * still being copied or validated is waited for, one that failed or is being deleted fails at once,
 * and a pinned version the service can't give fails at once (AssociatePackage has no version
 * parameter: it always associates the package's AvailablePackageVersion).
 */
export type Readiness =
  | { readonly ready: true; readonly availableVersion?: string }
  | { readonly ready: false; readonly status: string };

export async function packageReadiness(client: OpenSearchClient, target: DomainPackage, pinnedVersion?: string): Promise<Readiness> {
  const details = await callOrFail('DescribePackages', target, () => describePackage(client, target.packageId));
  if (!details) {
    // Not visible to this account's DescribePackages: let AssociatePackage give the service's answer.
    return { ready: true };
  }
  const status = details.PackageStatus ?? 'UNKNOWN';
  const where = `Package ${target.packageId} can't be associated with domain ${target.domainName}`;
  switch (status) {
    case PackageStatus.AVAILABLE:
      break;
    case PackageStatus.COPY_FAILED:
    case PackageStatus.VALIDATION_FAILED: {
      const errorType = details.ErrorDetails?.ErrorType ?? 'UnknownError';
      const errorMessage = details.ErrorDetails?.ErrorMessage ?? 'the service gave no details';
      throw new Error(`${where}: it is ${status}: ${errorType}: ${errorMessage}. Fix the file and update the package`);
    }
    case PackageStatus.DELETING:
    case PackageStatus.DELETED:
    case PackageStatus.DELETE_FAILED:
      throw new Error(`${where}: it is ${status} (being deleted outside the stack?)`);
    default:
      // COPYING, VALIDATING (e.g. created a moment ago by another stack), or a status this code does not know.
      return { ready: false, status };
  }
  const available = details.AvailablePackageVersion;
  if (pinnedVersion !== undefined && available !== undefined && available !== pinnedVersion) {
    throw new Error(`${where} at the pinned version ${pinnedVersion}: its available version is ${available}, `
      + 'and AssociatePackage always takes the available version. '
      + `Pin packageVersion to ${available}, or leave it out`);
  }
  return { ready: true, availableVersion: available };
}
