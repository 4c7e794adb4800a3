import {
  DescribePackagesCommand, DomainPackageDetails, ListPackagesForDomainCommand, OpenSearchClient, PackageDetails,
} from '@aws-sdk/client-opensearch';
import type { DeploymentError } from '../../../local/deploy';
import type { Emulator } from '../../../local/emulator';

/**
 * What the service shows after an update, read as a user would: ListPackagesForDomain and
 * DescribePackages over HTTP with the real SDK, never the emulator's internals.
 */

function client(emulator: Emulator): OpenSearchClient {
  return new OpenSearchClient({ ...emulator.clientConfig(), maxAttempts: 1 });
}

/** The domain's associations by package id, every page read. */
export async function listedOn(emulator: Emulator, domainName: string): Promise<Map<string, DomainPackageDetails>> {
  const opensearch = client(emulator);
  const listed = new Map<string, DomainPackageDetails>();
  let nextToken: string | undefined;
  do {
    const page = await opensearch.send(new ListPackagesForDomainCommand({ DomainName: domainName, NextToken: nextToken }));
    for (const details of page.DomainPackageDetailsList ?? []) listed.set(details.PackageID!, details);
    nextToken = page.NextToken;
  } while (nextToken);
  opensearch.destroy();
  return listed;
}

/** Each listed package's status, e.g. `{ F1: 'ACTIVE' }`, for short expectations. */
export async function statusesOn(emulator: Emulator, domainName: string): Promise<Record<string, string>> {
  return Object.fromEntries([...(await listedOn(emulator, domainName))].map(([id, details]) => [id, details.DomainPackageStatus!]));
}

/** The packages with this name, as DescribePackages shows them. */
export async function packagesNamed(emulator: Emulator, packageName: string): Promise<PackageDetails[]> {
  const opensearch = client(emulator);
  const { PackageDetailsList } = await opensearch.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: [packageName] }] }));
  opensearch.destroy();
  return PackageDetailsList ?? [];
}

/** The one package with this name (fails the test when there is not exactly one). */
export async function packageNamed(emulator: Emulator, packageName: string): Promise<PackageDetails> {
  const found = await packagesNamed(emulator, packageName);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The error of a deployment expected to fail. */
export function failureOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}
