import {
  DescribePackagesCommand, DescribePackagesFilterName, GetPackageVersionHistoryCommand, ListDomainsForPackageCommand,
} from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, OpenSearchClient, PackageDetails, PackageVersionHistory } from '@aws-sdk/client-opensearch';
import { classifyError, UnexpectedResponseError } from './errors';
import { MAX_PAGE_SIZE } from '../../src/handler-contract/rules';

/**
 * Paginated reads of packages, each following every NextToken. Service errors are thrown unchanged,
 * except where "not found" is an answer (a package that does not exist). A page without its list is
 * an UnexpectedResponseError, never an empty result.
 */

/** The package with this id as DescribePackages shows it, or undefined when there is none. */
export async function describePackage(client: OpenSearchClient, packageId: string): Promise<PackageDetails | undefined> {
  try {
    const matches = await describePackages(client, DescribePackagesFilterName.PackageID, packageId);
    return matches.find((details) => details.PackageID === packageId);
  } catch (error) {
    if (classifyError(error) === 'not-found') return undefined;
    throw error;
  }
}

/** Every package with exactly this name; there can be several (e.g. owned by AWS and by the account). */
export async function findPackagesNamed(client: OpenSearchClient, packageName: string): Promise<PackageDetails[]> {
  const matches = await describePackages(client, DescribePackagesFilterName.PackageName, packageName);
  // The filter value may hold wildcards (`*`, `?`); only an exact name is a match.
  return matches.filter((details) => details.PackageName === packageName);
}

/** Every domain the package is associated with, in any association status. */
export async function listDomainsForPackage(client: OpenSearchClient, packageId: string): Promise<DomainPackageDetails[]> {
  const domains: DomainPackageDetails[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListDomainsForPackageCommand({ PackageID: packageId, MaxResults: MAX_PAGE_SIZE, NextToken: nextToken }));
    domains.push(...listIn(page.DomainPackageDetailsList, 'ListDomainsForPackage', 'DomainPackageDetailsList'));
    nextToken = page.NextToken;
  } while (nextToken);
  return domains;
}

/** One version of the package from its history, or undefined when the history does not list it. */
export async function findPackageVersion(client: OpenSearchClient, packageId: string, version: string): Promise<PackageVersionHistory | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetPackageVersionHistoryCommand({ PackageID: packageId, MaxResults: MAX_PAGE_SIZE, NextToken: nextToken }));
    const found = listIn(page.PackageVersionHistoryList, 'GetPackageVersionHistory', 'PackageVersionHistoryList').find((entry) => entry.PackageVersion === version);
    if (found) return found;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

async function describePackages(client: OpenSearchClient, filter: DescribePackagesFilterName, value: string): Promise<PackageDetails[]> {
  const packages: PackageDetails[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribePackagesCommand({
      Filters: [{ Name: filter, Value: [value] }],
      MaxResults: MAX_PAGE_SIZE,
      NextToken: nextToken,
    }));
    packages.push(...listIn(page.PackageDetailsList, 'DescribePackages', 'PackageDetailsList'));
    nextToken = page.NextToken;
  } while (nextToken);
  return packages;
}

/** The list a page must hold; an empty list is an answer, a missing one is not. */
function listIn<T>(list: T[] | undefined, operation: string, member: string): T[] {
  if (!Array.isArray(list)) {
    throw new UnexpectedResponseError(operation, member);
  }
  return list;
}
