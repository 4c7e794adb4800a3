/** What the package handler's tests build: properties, events, package details, staged files, service errors. */
import type { DomainPackageDetails, DomainPackageStatus, PackageDetails, PackageStatus } from '@aws-sdk/client-opensearch';
import { eventBuilders, Properties, SERVICE_TOKEN, STAGING_BUCKET } from '../handler-test-support';

export const PACKAGE_ID = 'F123456789';
export const NAME = 'product-synonyms';

/** Where properties() stage their file: the package's prefix, a hash of the source, the source's file name. */
export const STAGED_KEY = expect.stringMatching(/^product-synonyms\/[0-9a-f]{16}\/aaaa\.txt$/);
export const STAGED = { S3BucketName: STAGING_BUCKET, S3Key: STAGED_KEY };

export const properties = (overrides: Properties = {}): Properties => ({
  ServiceToken: SERVICE_TOKEN,
  ServiceTimeout: '2100',
  PackageName: NAME,
  PackageType: 'TXT-DICTIONARY',
  S3BucketName: 'cdk-assets',
  S3Key: 'aaaa.txt',
  CommitMessage: 'aaaa',
  StagingBucketName: STAGING_BUCKET,
  StagingPrefix: `${NAME}/`,
  ...overrides,
});

/** A plugin's package properties (a vendable ZIP-PLUGIN), for the sharing and plugin request tests. */
export const pluginProperties = (overrides: Properties = {}): Properties => ({
  PackageName: 'lockbox',
  PackageType: 'ZIP-PLUGIN',
  EngineVersion: 'OpenSearch_2.19',
  S3BucketName: 'cdk-assets',
  S3Key: 'aaaa.zip',
  StagingBucketName: STAGING_BUCKET,
  StagingPrefix: 'lockbox/',
  ...overrides,
});

export const { baseEvent, createEvent, updateEvent, deleteEvent, completeRequest } = eventBuilders({
  resourceType: 'Custom::OpenSearchPackage', logicalId: 'Synonyms', physicalId: PACKAGE_ID, properties,
});

export function details(status: PackageStatus, overrides: Partial<PackageDetails> = {}): PackageDetails {
  return {
    PackageID: PACKAGE_ID,
    PackageName: NAME,
    PackageType: 'TXT-DICTIONARY',
    PackageStatus: status,
    AvailablePackageVersion: 'v1',
    PackageOwner: '111111111111',
    ...overrides,
  };
}

export const described = (...list: PackageDetails[]) => ({ PackageDetailsList: list });

export function domainEntry(domainName: string, status: DomainPackageStatus): DomainPackageDetails {
  return { DomainName: domainName, PackageID: PACKAGE_ID, PackageName: NAME, DomainPackageStatus: status };
}

export const $metadata = {};

export async function errorOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected a failure'); }, (error: Error) => error);
}
