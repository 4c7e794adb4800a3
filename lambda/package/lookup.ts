/**
 * `Custom::OpenSearchPackageLookup`: finds an existing package by name or id when the stack deploys.
 * All the work happens in onEvent; there is nothing to wait for and nothing to delete.
 */
import type { PackageDetails } from '@aws-sdk/client-opensearch';
import { packageData, parsePackageLookupProperties } from './package-properties';
import type { PackageLookupProperties } from '../../src/handler-contract/contract';
import { openSearchClient } from '../shared/clients';
import { callOrFail } from '../shared/errors';
import type { OnEventRequest, OnEventResponse } from '../shared/events';
import { describePackage, findPackagesNamed } from '../shared/package-lookups';
import { requested } from '../shared/step';
import type { Step } from '../shared/step';

const PHYSICAL_ID_PREFIX = 'opensearch-package-lookup';

export async function lookUpPackage(event: OnEventRequest): Promise<Step<OnEventResponse>> {
  if (event.RequestType === 'Delete') {
    return requested(event.PhysicalResourceId, { physicalResourceId: event.PhysicalResourceId, outcome: 'nothing-to-delete' });
  }
  const properties = parsePackageLookupProperties(event.ResourceProperties);
  const client = openSearchClient();
  const details = await findOnePackage(properties);
  const data = await packageData(client, details);
  const physicalResourceId = `${PHYSICAL_ID_PREFIX}:${properties.PackageName ?? properties.PackageId}`;
  return {
    response: { PhysicalResourceId: physicalResourceId, Data: { ...data } },
    report: { packageName: data.PackageName, packageId: data.PackageId, physicalResourceId, status: details.PackageStatus, outcome: 'found' },
  };
}

/** The one package the look-up names; fails clearly on none, and on several with the same name. */
async function findOnePackage(properties: PackageLookupProperties): Promise<PackageDetails> {
  const client = openSearchClient();
  if (properties.PackageId !== undefined) {
    const details = await callOrFail('DescribePackages', properties.PackageId, () => describePackage(client, properties.PackageId!));
    if (!details) {
      throw new Error(`No OpenSearch Service package has the id ${properties.PackageId} in this account and Region`);
    }
    return details;
  }
  const name = properties.PackageName!;
  const matches = await callOrFail('DescribePackages', name, () => findPackagesNamed(client, name));
  if (matches.length === 0) {
    throw new Error(`No OpenSearch Service package is named ${name} in this account and Region`);
  }
  if (matches.length > 1) {
    const found = matches.map((m) => `${m.PackageID} (owner ${m.PackageOwner ?? 'unknown'})`).join(', ');
    throw new Error(`${matches.length} OpenSearch Service packages are named ${name}: ${found}; use CustomPackage.fromPackageId to pick one`);
  }
  return matches[0];
}
