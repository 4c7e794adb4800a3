import { ListPackagesForDomainCommand, OpenSearchClient, ResourceNotFoundException } from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails } from '@aws-sdk/client-opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import { findDomainPackage } from '../../lambda/association/service-state';
import { MAX_PAGE_SIZE as PAGE_SIZE } from '../../src/handler-contract/rules';

const opensearch = mockClient(OpenSearchClient);
const client = new OpenSearchClient({ region: 'eu-west-1' });
const target = { domainName: 'search-domain', packageId: 'F3' };

function listed(packageId: string): DomainPackageDetails {
  return { DomainName: 'search-domain', PackageID: packageId, DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' };
}

function listInputs() {
  return opensearch.commandCalls(ListPackagesForDomainCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  opensearch.reset();
});

describe('findDomainPackage', () => {
  test('follows NextToken across pages until the package shows up on the third', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce({ DomainPackageDetailsList: [listed('F1')], NextToken: 'token-1' })
      .resolvesOnce({ DomainPackageDetailsList: [listed('F2')], NextToken: 'token-2' })
      .resolvesOnce({ DomainPackageDetailsList: [listed('F9'), listed('F3')], NextToken: 'token-3' });

    const found = await findDomainPackage(client, target);

    expect(found?.PackageID).toBe('F3');
    expect(PAGE_SIZE).toBe(100);
    expect(listInputs()).toEqual([
      { DomainName: 'search-domain', MaxResults: 100, NextToken: undefined },
      { DomainName: 'search-domain', MaxResults: 100, NextToken: 'token-1' },
      { DomainName: 'search-domain', MaxResults: 100, NextToken: 'token-2' },
    ]);
  });

  test('stops at the page that lists the package even when more pages follow', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({ DomainPackageDetailsList: [listed('F3')], NextToken: 'more' });

    await expect(findDomainPackage(client, target)).resolves.toMatchObject({ PackageID: 'F3' });
    expect(listInputs()).toHaveLength(1);
  });

  test('returns undefined once the pages run out', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce({ DomainPackageDetailsList: [listed('F1')], NextToken: 'token-1' })
      .resolvesOnce({ DomainPackageDetailsList: [listed('F2')] });

    await expect(findDomainPackage(client, target)).resolves.toBeUndefined();
    expect(listInputs()).toHaveLength(2);
  });

  test('a page without the list is an error, never "not listed"', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({});

    await expect(findDomainPackage(client, target)).rejects.toThrow('unexpected empty response from ListPackagesForDomain');
    expect(listInputs()).toHaveLength(1);
  });

  test('passes service errors through unchanged', async () => {
    const missingDomain = new ResourceNotFoundException({ message: 'Domain not found: search-domain', $metadata: {} });
    opensearch.on(ListPackagesForDomainCommand).rejects(missingDomain);

    await expect(findDomainPackage(client, target)).rejects.toBe(missingDomain);
  });
});
