import { ListPackagesForDomainCommand } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { DomainPackage } from './physical-id';
import { MAX_PAGE_SIZE } from '../../src/handler-contract/rules';
import { UnexpectedResponseError } from '../shared/errors';


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
