import { DescribeDomainCommand, DomainPackageStatus } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainStatus, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { listDomainPackages } from './domain-packages';
import type { DomainPackage } from './physical-id';
import { callOrFail, UnexpectedResponseError } from '../shared/errors';

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
