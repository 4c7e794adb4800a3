import { AssociatePackageCommand, DescribePackagesCommand, GetPackageVersionHistoryCommand, ListPackagesForDomainCommand } from '@aws-sdk/client-opensearch';
import { customResourceEvent, mockOpenSearchAndLogs, Properties, SERVICE_TOKEN } from './handler-test-support';
import { isComplete, onEvent } from '../../lambda';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/events';

const { opensearch, logs } = mockOpenSearchAndLogs();

const DOMAIN = 'search-domain';
const PACKAGE = 'F123456789';
const ASSOCIATION_ID = `opensearch-package-association:${DOMAIN}:${PACKAGE}`;
/** A package with a one-minute timeout, for the deadline tests. */
const PACKAGE_PROPERTIES = {
  PackageName: 'product-synonyms',
  PackageType: 'TXT-DICTIONARY',
  S3BucketName: 'bucket',
  S3Key: 'key.txt',
  Timeout: '60',
  StagingBucketName: 'staging-bucket',
  StagingPrefix: 'product-synonyms/',
};

const event = (resourceType: string, requestType: OnEventRequest['RequestType'], properties: Properties): OnEventRequest =>
  customResourceEvent(resourceType, 'Resource', requestType, { ServiceToken: SERVICE_TOKEN, ...properties });

const association = (requestType: OnEventRequest['RequestType'], extra: Record<string, unknown> = {}) =>
  event('Custom::OpenSearchPackageAssociation', requestType, { DomainName: DOMAIN, PackageId: PACKAGE, ...extra });

/** What isComplete receives: the event, merged with what onEvent returned (as the provider framework does). */
const waiting = (base: OnEventRequest, physicalId: string, deadline: number): IsCompleteRequest =>
  ({ ...base, PhysicalResourceId: physicalId, WaitDeadline: deadline } as IsCompleteRequest);

function listing(status: string) {
  opensearch.on(ListPackagesForDomainCommand).resolves({
    DomainPackageDetailsList: [{ DomainName: DOMAIN, PackageID: PACKAGE, PackageName: 'synonyms', DomainPackageStatus: status as any }],
  });
}

/** The package is AVAILABLE at v1: the association handler checks that before it associates. */
function packageAvailable() {
  opensearch.on(DescribePackagesCommand).resolves({
    PackageDetailsList: [{ PackageID: PACKAGE, PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY', PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' }],
  });
}

describe('dispatch on ResourceType', () => {
  test('an association goes to the association handlers', async () => {
    packageAvailable();
    opensearch.on(AssociatePackageCommand).resolves({});
    const response = await onEvent(association('Create', { Timeout: '1800' }));
    expect(response.PhysicalResourceId).toBe(ASSOCIATION_ID);
    expect(opensearch.commandCalls(AssociatePackageCommand)).toHaveLength(1);
  });

  test('a look-up goes to the package handlers and completes in onEvent', async () => {
    opensearch.on(DescribePackagesCommand).resolves({
      PackageDetailsList: [{ PackageID: 'F1', PackageName: 'stopwords-en', PackageType: 'TXT-DICTIONARY', PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v2' }],
    });
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'more synonyms' }] });
    const lookup = event('Custom::OpenSearchPackageLookup', 'Create', { PackageName: 'stopwords-en' });
    const response = await onEvent(lookup);
    expect(response).toMatchObject({ PhysicalResourceId: 'opensearch-package-lookup:stopwords-en', Data: { PackageId: 'F1', AvailablePackageVersion: 'v2' } });
    // A look-up does not wait, so it has no deadline.
    expect(response).not.toHaveProperty('WaitDeadline');
    await expect(isComplete({ ...lookup, ...response } as IsCompleteRequest)).resolves.toEqual({ IsComplete: true });
  });

  test('an unknown resource type is refused before any call', async () => {
    await expect(onEvent(event('Custom::Other', 'Create', {}))).rejects.toThrow(
      'Unsupported ResourceType Custom::Other: this provider serves Custom::OpenSearchPackageAssociation, Custom::OpenSearchPackageAssociationBatch, Custom::OpenSearchPackage, Custom::OpenSearchPackageLookup');
    await expect(isComplete({ ...event('constructor', 'Create', {}), PhysicalResourceId: 'x' })).rejects.toThrow('Unsupported ResourceType constructor');
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('events that are not ours', () => {
  /** An object String() can't convert: its toString is not a function. */
  const unprintable = () => ({ toString: 42, valueOf: 'no' });

  test.each([
    ['a ResourceType whose toString is not a function', () => ({ ...association('Create'), ResourceType: unprintable() })],
    ['a null event', () => null],
    ['a string event', () => 'Create'],
  ])('%s is refused as unsupported, with a log line and no call', async (_label, make) => {
    for (const entry of [onEvent, isComplete] as Array<(e: unknown) => Promise<unknown>>) {
      await expect(entry(make())).rejects.toThrow(/^Unsupported (ResourceType|event) /);
    }
    expect(logs.lines()).toHaveLength(2);
    expect(logs.lines()[0]).toMatchObject({ handler: 'onEvent', outcome: 'failed', error: expect.stringMatching(/^Unsupported /) });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a RequestType whose toString is not a function is refused as unsupported, with a log line and no call', async () => {
    const request = { ...association('Create', { Timeout: '60' }), RequestType: unprintable() } as unknown as OnEventRequest;
    await expect(onEvent(request)).rejects.toThrow('Unsupported RequestType (an unprintable object)');
    await expect(isComplete({ ...request, PhysicalResourceId: ASSOCIATION_ID })).rejects.toThrow('Unsupported RequestType (an unprintable object)');
    expect(logs.lines()).toEqual([
      expect.objectContaining({ handler: 'onEvent', requestType: '(an unprintable object)', outcome: 'failed' }),
      expect.objectContaining({ handler: 'isComplete', requestType: '(an unprintable object)', outcome: 'failed' }),
    ]);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('the resource\'s own deadline', () => {
  test('onEvent stamps the deadline from the resource\'s Timeout', async () => {
    packageAvailable();
    opensearch.on(AssociatePackageCommand).resolves({});
    const before = Date.now();
    const response = await onEvent(association('Create', { Timeout: '600' }));
    const deadline = (response as { WaitDeadline?: number }).WaitDeadline!;
    expect(deadline).toBeGreaterThanOrEqual(before + 600_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  test('a Timeout that is not whole seconds up to an hour fails before any call', async () => {
    for (const timeout of ['0', '3601', '1.5', 'soon', '-5']) {
      await expect(onEvent(association('Create', { Timeout: timeout }))).rejects.toThrow(
        `Invalid Timeout "${timeout}": expected whole seconds from 1 to 3600`);
    }
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('isComplete before the deadline keeps waiting', async () => {
    listing('ASSOCIATING');
    const request = waiting(association('Create', { Timeout: '1800' }), ASSOCIATION_ID, Date.now() + 60_000);
    await expect(isComplete(request)).resolves.toEqual({ IsComplete: false });
  });

  test('isComplete past the deadline fails with what it waited for and where it stands', async () => {
    listing('ASSOCIATING');
    const request = waiting(association('Create', { Timeout: '1800' }), ASSOCIATION_ID, Date.now() - 1);
    await expect(isComplete(request)).rejects.toThrow(
      `Waited 30 minutes for package ${PACKAGE} on domain ${DOMAIN} to become ACTIVE; it is still ASSOCIATING. `
      + 'The service goes on with it (for a plugin, a blue/green deployment of the domain): a later deployment adopts the association '
      + 'once it is ACTIVE. Raise timeout (at most 1 hour) if it needs longer');
    expect(logs.lines().at(-1)).toMatchObject({ handler: 'isComplete', outcome: 'failed' });
  });

  test('a dissociation past the deadline says so', async () => {
    listing('DISSOCIATING');
    const request = waiting(association('Delete', { Timeout: '90' }), ASSOCIATION_ID, Date.now() - 1);
    await expect(isComplete(request)).rejects.toThrow(`Waited 90 seconds for package ${PACKAGE} on domain ${DOMAIN} to be dissociated; it is still DISSOCIATING.`);
  });

  test('a package past the deadline names it and its status', async () => {
    opensearch.on(DescribePackagesCommand).resolves({
      PackageDetailsList: [{ PackageID: 'F42', PackageName: 'product-synonyms', PackageType: 'TXT-DICTIONARY', PackageStatus: 'VALIDATING' }],
    });
    const pkg = event('Custom::OpenSearchPackage', 'Create', PACKAGE_PROPERTIES);
    await expect(isComplete(waiting(pkg, 'F42', Date.now() - 1))).rejects.toThrow(
      'Waited 1 minute for package product-synonyms (F42) to become AVAILABLE; it is still VALIDATING.');
  });

  test('an association whose requests got no answer says so, never showing an outcome as a status', async () => {
    packageAvailable();
    opensearch.on(ListPackagesForDomainCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(AssociatePackageCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: {} }));
    const request = waiting(association('Create', { Timeout: '60' }), ASSOCIATION_ID, Date.now() - 1);
    const error = await isComplete(request).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(new RegExp(`^Waited 1 minute for package ${PACKAGE} on domain ${DOMAIN} to become ACTIVE; `
      + 'the last requests got no answer \\(lost or unreadable replies\\), and it is not listed\\. '));
    expect(error?.message).not.toContain('reassociate-unconfirmed');
  });

  test('an update past the deadline names the version it waited to see replaced', async () => {
    opensearch.on(DescribePackagesCommand).resolves({
      PackageDetailsList: [{ PackageID: 'F42', PackageName: 'product-synonyms', PackageType: 'TXT-DICTIONARY', PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v3' }],
    });
    const pkg = event('Custom::OpenSearchPackage', 'Update', PACKAGE_PROPERTIES);
    const request = { ...waiting(pkg, 'F42', Date.now() - 1), Data: { AvailablePackageVersion: 'v3' } } as IsCompleteRequest;
    await expect(isComplete(request)).rejects.toThrow('Waited 1 minute for package product-synonyms (F42) to replace version v3 with a new '
      + 'AVAILABLE version; version v3 is still the available one.');
  });

  test('a resource that settles at the deadline completes', async () => {
    listing('ACTIVE');
    const request = waiting(association('Create', { Timeout: '1800' }), ASSOCIATION_ID, Date.now() - 1);
    await expect(isComplete(request)).resolves.toMatchObject({ IsComplete: true });
  });
});
