import {
  AccessDeniedException,
  ConflictException,
  CreatePackageCommand,
  DeletePackageCommand,
  DescribePackagesCommand,
  GetPackageVersionHistoryCommand,
  InternalException,
  ListDomainsForPackageCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainPackageStatus, PackageDetails, PackageStatus } from '@aws-sdk/client-opensearch';
import { CopyObjectCommand, DeleteObjectCommand, NoSuchBucket, NoSuchKey } from '@aws-sdk/client-s3';
import { CREATE_FAILED_MARKER, eventBuilders, mockOpenSearchAndLogs, mockS3, Properties, SERVICE_TOKEN, STAGING_BUCKET } from './handler-test-support';
import { isComplete, onEvent } from '../../lambda/package';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/events';
import { refusalRecheck } from '../../lambda/shared/pause';

const PACKAGE_ID = 'F123456789';
const NAME = 'product-synonyms';

const { opensearch, logs } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalRecheck.delayMs = 0; });
const s3 = mockS3();

/** Where properties() stage their file: the package's prefix, a hash of the source, the source's file name. */
const STAGED_KEY = expect.stringMatching(/^product-synonyms\/[0-9a-f]{16}\/aaaa\.txt$/);
const STAGED = { S3BucketName: STAGING_BUCKET, S3Key: STAGED_KEY };
const copies = () => s3.commandCalls(CopyObjectCommand).map((call) => call.args[0].input);
const deletions = () => s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input);

// ---- builders -------------------------------------------------------------------------------

const properties = (overrides: Properties = {}): Properties => ({
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

const { baseEvent, createEvent, updateEvent, deleteEvent, completeRequest } = eventBuilders({
  resourceType: 'Custom::OpenSearchPackage', logicalId: 'Synonyms', physicalId: PACKAGE_ID, properties,
});

function details(status: PackageStatus, overrides: Partial<PackageDetails> = {}): PackageDetails {
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

const described = (...list: PackageDetails[]) => ({ PackageDetailsList: list });

function domainEntry(domainName: string, status: DomainPackageStatus): DomainPackageDetails {
  return { DomainName: domainName, PackageID: PACKAGE_ID, PackageName: NAME, DomainPackageStatus: status };
}

const $metadata = {};
const describeCalls = () => opensearch.commandCalls(DescribePackagesCommand).map((call) => call.args[0].input);

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected a failure'); }, (error: Error) => error);
}

// ---- onEvent --------------------------------------------------------------------------------

describe('onEvent Create', () => {
  test('creates the package from the S3 object and returns its id as the physical id', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING', { AvailablePackageVersion: undefined }) });

    const response = await onEvent(createEvent(properties({ PackageDescription: 'Product search synonyms' })));

    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.commandCalls(CreatePackageCommand)[0].args[0].input).toEqual({
      PackageName: NAME,
      PackageType: 'TXT-DICTIONARY',
      PackageSource: STAGED,
      PackageDescription: 'Product search synonyms',
      EngineVersion: undefined,
    });
  });

  test('sends the engine version of a plugin', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING', { PackageID: 'pkg-0a1b' }) });

    const response = await onEvent(createEvent(properties({ PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19' })));

    expect(response.PhysicalResourceId).toBe('pkg-0a1b');
    expect(opensearch.commandCalls(CreatePackageCommand)[0].args[0].input).toMatchObject({ PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19' });
  });

  test('refuses to adopt a package that already had the name before the request started', async () => {
    opensearch.on(CreatePackageCommand).rejects(new ResourceAlreadyExistsException({ message: 'Package exists', $metadata }));
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { CreatedAt: new Date(Date.now() - 3_600_000) })));

    const error = await errorOf(onEvent(createEvent()));

    expect(error.message).toBe(`A package named ${NAME} already exists in this Region: choose another packageName, `
      + 'or use CustomPackage.fromPackageName to associate the existing package');
    expect(describeCalls()[0].Filters).toEqual([{ Name: 'PackageName', Value: [NAME] }]);
  });

  test('adopts the package its own lost reply created: named like ours, our type, created after the request started', async () => {
    opensearch.on(CreatePackageCommand).callsFake(async () => {
      // The service made the package; the reply was lost and the SDK's retry met the name.
      opensearch.on(DescribePackagesCommand).resolves(described(details('COPYING', { PackageID: 'F777', CreatedAt: new Date() })));
      throw new ResourceAlreadyExistsException({ message: 'Package exists', $metadata });
    });

    const response = await onEvent(createEvent());

    expect(response).toEqual({ PhysicalResourceId: 'F777' });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'adopted-after-lost-reply', packageId: 'F777' });
  });

  test('does not adopt a package of another type, even a new one', async () => {
    opensearch.on(CreatePackageCommand).rejects(new ResourceAlreadyExistsException({ message: 'Package exists', $metadata }));
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageType: 'ZIP-PLUGIN', CreatedAt: new Date() })));

    expect((await errorOf(onEvent(createEvent()))).message).toMatch(/^A package named product-synonyms already exists/);
  });

  test('a lost reply that leaves nothing to adopt says a package may exist and names it', async () => {
    opensearch.on(CreatePackageCommand).rejects(new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }));

    const error = await errorOf(onEvent(createEvent()));

    expect(error.message).toBe(`CreatePackage failed for package ${NAME}: InternalException: Internal error. A package named ${NAME} `
      + 'may have been created anyway: if DescribePackages lists it, delete it (aws opensearch delete-package) before deploying again');
  });

  test('other errors name the operation, the package and the service message', async () => {
    opensearch.on(CreatePackageCommand).rejects(new AccessDeniedException({ message: 'not allowed to read s3://cdk-assets/aaaa.txt', $metadata }));

    const error = await errorOf(onEvent(createEvent()));

    expect(error.message).toBe(`CreatePackage failed for package ${NAME}: AccessDeniedException: not allowed to read s3://cdk-assets/aaaa.txt`);
  });

  test('a response without a package id fails, saying a package may have been created', async () => {
    opensearch.on(CreatePackageCommand).resolves({});
    expect((await errorOf(onEvent(createEvent()))).message).toBe(`CreatePackage failed for package ${NAME}: UnexpectedResponseError: `
      + 'unexpected empty response from CreatePackage: the reply holds no PackageDetails.PackageID. '
      + `A package named ${NAME} may have been created anyway: if DescribePackages lists it, delete it (aws opensearch delete-package) before deploying again`);
  });

  test.each([
    [{ PackageName: 'Bad_Name' }, 'Invalid PackageName "Bad_Name": expected 3-256 characters matching ^[a-z][a-z0-9-]+$'],
    [{ S3Key: undefined }, 'Missing required property S3Key'],
    [{ PackageType: 7 }, 'Invalid PackageType: expected a string, got number'],
  ])('rejects invalid properties %j before calling the service', async (overrides, message) => {
    expect((await errorOf(onEvent(createEvent(properties(overrides))))).message).toBe(message);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('onEvent Update', () => {
  test('a new file makes a new version and hands isComplete the version before it', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v3' })));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const response = await onEvent(updateEvent(properties({ S3Key: 'bbbb.txt', CommitMessage: 'bbbb' })));

    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID, Data: { AvailablePackageVersion: 'v3' } });
    expect(opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input).toEqual({
      PackageID: PACKAGE_ID,
      PackageSource: { S3BucketName: STAGING_BUCKET, S3Key: expect.stringMatching(/^product-synonyms\/[0-9a-f]{16}\/bbbb\.txt$/) },
      PackageDescription: undefined,
      CommitMessage: 'bbbb',
    });
  });

  test.each([
    ['a new bucket', { S3BucketName: 'other-bucket' }],
    ['a new object version', { S3ObjectVersion: 'version-2' }],
    ['a new description', { PackageDescription: 'Now with more synonyms' }],
  ])('%s makes a new version too', async (_case, overrides) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(UpdatePackageCommand).resolves({});

    await onEvent(updateEvent(properties(overrides)));

    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(1);
  });

  test.each([
    ['a new commit message alone', { CommitMessage: 'reworded' }],
    ['a new service timeout', { ServiceTimeout: '900' }],
    ['nothing', {}],
  ])('%s changes nothing', async (_case, overrides) => {
    const response = await onEvent(updateEvent(properties(overrides)));
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('an empty optional value equals an absent one', async () => {
    const response = await onEvent(updateEvent(properties({ PackageDescription: '' }), properties()));
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a new name creates a new package under a new physical id', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING', { PackageID: 'F222222222', PackageName: 'renamed' }) });

    const response = await onEvent(updateEvent(properties({ PackageName: 'renamed' })));

    expect(response).toEqual({ PhysicalResourceId: 'F222222222' });
    expect(opensearch.commandCalls(CreatePackageCommand)[0].args[0].input.PackageName).toBe('renamed');
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(0);
  });

  test('a new type with a new name is a replacement too', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING', { PackageID: 'pkg-abc123' }) });

    const response = await onEvent(updateEvent(properties({ PackageName: 'icu-plugin', PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19' })));

    expect(response).toEqual({ PhysicalResourceId: 'pkg-abc123' });
  });

  test.each([
    ['PackageType', { PackageType: 'PACKAGE-CONFIG' }],
    ['EngineVersion', { EngineVersion: 'OpenSearch_2.17' }],
  ])('a new %s under the same name fails with what to do', async (field, overrides) => {
    const error = await errorOf(onEvent(updateEvent(properties(overrides))));

    expect(error.message).toBe(`Changing ${field} replaces package ${NAME} (${PACKAGE_ID}), and the new package needs a new packageName: `
      + 'names are unique in a Region, and the old package is deleted only after the new one exists');
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a package deleted outside the stack fails the update', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());

    const error = await errorOf(onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' }))));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) does not exist any more (deleted outside the stack?); rename the package to create a new one`);
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(0);
  });

  test('an UpdatePackage error names the operation, the package and the service message', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(UpdatePackageCommand).rejects(new ConflictException({ message: 'Package is being processed', $metadata }));

    const error = await errorOf(onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' }))));

    expect(error.message).toBe(`UpdatePackage failed for package ${NAME} (${PACKAGE_ID}): ConflictException: Package is being processed`);
  });

  test('refuses to update a package whose name is not the one the resource was created with', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F555', PackageName: 'someone-elses' })));

    const error = await errorOf(onEvent(updateEvent(properties({ S3Key: 'evil.txt' }), properties(), 'F555')));

    expect(error.message).toBe(`Refusing to update package F555: its name is someone-elses, but the resource's old properties name ${NAME}; `
      + 'nothing was changed');
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(0);
  });

  test('a physical id that is not a package id is replaced by a created package', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const response = await onEvent(updateEvent(properties(), properties(), 'not-a-package'));

    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
  });
});

describe('onEvent Delete', () => {
  test('leaves the work to isComplete, which waits for the associations to go', async () => {
    const response = await onEvent(deleteEvent());
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a foreign physical id is kept and nothing is called', async () => {
    const response = await onEvent(deleteEvent(CREATE_FAILED_MARKER));
    expect(response).toEqual({ PhysicalResourceId: CREATE_FAILED_MARKER });
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- isComplete -----------------------------------------------------------------------------

describe('isComplete Create/Update', () => {
  test('AVAILABLE completes with the package data and the commit message of the available version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand)
      .resolvesOnce({ PackageVersionHistoryList: [{ PackageVersion: 'v3', CommitMessage: 'newer' }], NextToken: 'page-2' })
      .resolvesOnce({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'bbbb' }, { PackageVersion: 'v1' }] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response).toEqual({
      IsComplete: true,
      Data: { PackageId: PACKAGE_ID, PackageName: NAME, PackageType: 'TXT-DICTIONARY', AvailablePackageVersion: 'v2', LatestCommitMessage: 'bbbb' },
    });
    expect(describeCalls()).toEqual([{ Filters: [{ Name: 'PackageID', Value: [PACKAGE_ID] }], MaxResults: 100, NextToken: undefined }]);
    expect(opensearch.commandCalls(GetPackageVersionHistoryCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
  });

  test('a version without a commit message (the first one) completes with an empty one', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v1' }] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.Data?.LatestCommitMessage).toBe('');
  });

  test('details the service leaves out become empty strings, so every attribute resolves', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described({ PackageID: PACKAGE_ID, PackageName: NAME, PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' }));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.Data).toEqual({ PackageId: PACKAGE_ID, PackageName: NAME, PackageType: '', AvailablePackageVersion: 'v1', LatestCommitMessage: '' });
  });

  test('a version history without its list is not read as "no commit message": the poll waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({});

    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'transient-error-retry-next-poll' });
    expect(String(logs.lines()[0].error)).toContain('unexpected empty response from GetPackageVersionHistory');
  });

  test('refuses to report on a package that is not the one the properties name', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F555', PackageName: 'someone-elses' })));

    const error = await errorOf(isComplete(completeRequest(createEvent(), 'F555')));

    expect(error.message).toMatch(/^Refusing to wait for package F555: its name is someone-elses/);
  });

  test.each(['COPYING', 'VALIDATING'] as const)('%s is not complete yet', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, { AvailablePackageVersion: undefined })));

    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(GetPackageVersionHistoryCommand)).toHaveLength(0);
  });

  test('AVAILABLE without any version waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: undefined })));
    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
  });

  test('after an update, AVAILABLE on the version before it waits; the new version completes', async () => {
    const event = completeRequest(updateEvent(properties({ S3Key: 'bbbb.txt' })), PACKAGE_ID, { AvailablePackageVersion: 'v1' });
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce(described(details('AVAILABLE', { AvailablePackageVersion: 'v1' })))
      .resolvesOnce(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'bbbb' }] });

    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(await isComplete(event)).toMatchObject({ IsComplete: true, Data: { AvailablePackageVersion: 'v2', LatestCommitMessage: 'bbbb' } });
  });

  test('an update that changed nothing completes on the current version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v4' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(updateEvent(properties({ CommitMessage: 'reworded' }))));

    expect(response).toMatchObject({ IsComplete: true, Data: { AvailablePackageVersion: 'v4' } });
  });

  test.each(['VALIDATION_FAILED', 'COPY_FAILED'] as const)('%s fails with the service error details', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, {
      ErrorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: 'Line 3: malformed synonym rule' },
    })));

    const error = await errorOf(isComplete(completeRequest(createEvent())));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: ValidationFailure: Line 3: malformed synonym rule`);
  });

  test('a failure without details still says so', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('COPY_FAILED')));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is COPY_FAILED: UnknownError: the service gave no details`);
  });

  test.each(['DELETING', 'DELETED', 'DELETE_FAILED'] as const)('%s fails: someone is deleting the package', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status)));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: it is being deleted outside the stack`);
  });

  test.each([
    ['an empty listing', () => opensearch.on(DescribePackagesCommand).resolves(described())],
    ['another package only', () => opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F9' })))],
    ['ResourceNotFoundException', () => opensearch.on(DescribePackagesCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata }))],
  ])('a package that is gone (%s) fails', async (_case, arrange) => {
    arrange();
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) does not exist any more: it was deleted outside the stack`);
  });

  test('a DescribePackages error names the operation, the package and the service message', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new AccessDeniedException({ message: 'no es:DescribePackages', $metadata }));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`DescribePackages failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: no es:DescribePackages`);
  });

  test('a GetPackageVersionHistory error names the operation too', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`GetPackageVersionHistory failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: denied`);
  });
});

describe('isComplete Delete', () => {
  const deletion = (physicalId = PACKAGE_ID) => completeRequest(deleteEvent(physicalId), physicalId);

  test('deletes the package once no domain lists it, and completes when it is gone', async () => {
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce(described(details('AVAILABLE')))
      .resolvesOnce(described());
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details('DELETING') });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)[0].args[0].input).toEqual({ PackageID: PACKAGE_ID });
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test('waits while associations are being removed, without deleting', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({
      DomainPackageDetailsList: [domainEntry('domain-one', 'DISSOCIATING'), domainEntry('domain-two', 'ACTIVE')],
    });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('an association being made waits too', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [domainEntry('domain-one', 'ASSOCIATING')] });
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
  });

  test('follows every page of ListDomainsForPackage', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand)
      .resolvesOnce({ DomainPackageDetailsList: [], NextToken: 'page-2' })
      .resolvesOnce({ DomainPackageDetailsList: [domainEntry('domain-three', 'DISSOCIATING')] });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(ListDomainsForPackageCommand).map((call) => call.args[0].input)).toEqual([
      { PackageID: PACKAGE_ID, MaxResults: 100, NextToken: undefined },
      { PackageID: PACKAGE_ID, MaxResults: 100, NextToken: 'page-2' },
    ]);
  });

  test('a domain outside the stack still using the package fails the delete, naming it, and dissociates nothing', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({
      DomainPackageDetailsList: [domainEntry('other-team', 'ACTIVE'), domainEntry('broken', 'ASSOCIATION_FAILED')],
    });

    const error = await errorOf(isComplete(deletion()));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is still associated with other-team (ACTIVE), broken (ASSOCIATION_FAILED): `
      + 'dissociate it there first, or keep the package with removalPolicy RETAIN');
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test.each([
    ['not listed', described()],
    ['DELETED', described(details('DELETED'))],
  ])('a package already gone (%s) completes without deleting', async (_case, listing) => {
    opensearch.on(DescribePackagesCommand).resolves(listing);
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('DELETING waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('DELETING')));
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(ListDomainsForPackageCommand)).toHaveLength(0);
  });

  test('DELETE_FAILED fails with the service error details', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('DELETE_FAILED', { ErrorDetails: { ErrorType: 'InternalFailure', ErrorMessage: 'try again' } })));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is DELETE_FAILED: InternalFailure: try again`);
  });

  test('a package that vanishes between the calls completes', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
  });

  test('DeletePackage answering ResourceNotFoundException completes', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
  });

  test('DeletePackage answering ConflictException while a domain still lists the package asks again on the next poll', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand)
      .resolvesOnce({ DomainPackageDetailsList: [] })
      // Listed by the time the refusal is looked into: an association started a moment ago.
      .resolves({ DomainPackageDetailsList: [{ DomainName: 'search-domain', PackageID: PACKAGE_ID, DomainPackageStatus: 'ASSOCIATING' }] });
    opensearch.on(DeletePackageCommand).rejects(new ConflictException({ message: 'Any wording', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test.each(['Package is associated with a domain', 'Something else entirely'])(
    'DeletePackage refused on an idle package no domain lists ("%s") is asked once more, then fails with the fix', async (message) => {
      opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
      opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
      opensearch.on(DeletePackageCommand).rejects(new ConflictException({ message, $metadata }));
      const error = await errorOf(isComplete(deletion()));
      expect(error.message).toBe(`DeletePackage failed for package ${NAME} (${PACKAGE_ID}): ConflictException: ${message}. `
        + 'The package is idle and no domain lists it, so retrying can\'t help: keep the package with removalPolicy RETAIN and delete it by hand');
      expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(2);
    });

  test('DeletePackage refused once on an idle package succeeds when asked again after the pause', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejectsOnce(new ConflictException({ message: 'x', $metadata })).resolves({});
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(2);
  });

  test('other DeletePackage errors fail, naming the operation and the package', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejects(new AccessDeniedException({ message: 'no es:DeletePackage', $metadata }));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`DeletePackage failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: no es:DeletePackage`);
  });

  test('other ListDomainsForPackage errors fail the same way', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`ListDomainsForPackage failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: denied`);
  });

  test('without a package name in the properties nothing proves ownership: refuses, touching nothing', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    const event = completeRequest(deleteEvent(PACKAGE_ID, {}), PACKAGE_ID);
    expect((await errorOf(isComplete(event))).message).toBe(`Refusing to delete package ${PACKAGE_ID}: its name is ${NAME}, `
      + "but the resource's properties name undefined; nothing was changed");
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('refuses to delete a package whose name is not the one the resource was created with', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F777', PackageName: 'someone-elses' })));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });

    const error = await errorOf(isComplete(deletion('F777')));

    expect(error.message).toBe(`Refusing to delete package F777: its name is someone-elses, but the resource's properties name ${NAME}; `
      + 'nothing was changed');
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
    expect(opensearch.commandCalls(ListDomainsForPackageCommand)).toHaveLength(0);
  });

  test.each([
    ['DescribePackages', () => opensearch.on(DescribePackagesCommand).resolves({})],
    ['ListDomainsForPackage', () => {
      opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
      opensearch.on(ListDomainsForPackageCommand).resolves({});
    }],
  ])('an empty %s reply is not "deleted": the poll waits and nothing is deleted', async (operation, arrange) => {
    arrange();

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(String(logs.lines()[0].error)).toContain(`unexpected empty response from ${operation}`);
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('a non-string physical id is not ours: completes without any API call or TypeError', async () => {
    expect(await isComplete(deletion(42 as unknown as string))).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a foreign physical id completes without any API call', async () => {
    expect(await isComplete(deletion(CREATE_FAILED_MARKER))).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- look-ups -------------------------------------------------------------------------------

describe('package look-up', () => {
  const lookupEvent = (props: Properties, requestType: OnEventRequest['RequestType'] = 'Create') =>
    baseEvent(requestType, { ServiceToken: 'token', ...props }, 'Custom::OpenSearchPackageLookup');

  test('finds the one package with the name on any page and returns its data', async () => {
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce({ PackageDetailsList: [], NextToken: 'page-2' })
      .resolvesOnce(described(details('AVAILABLE', { PackageName: 'stopwords-en', AvailablePackageVersion: 'v5' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v5', CommitMessage: 'more stopwords' }] });

    const response = await onEvent(lookupEvent({ PackageName: 'stopwords-en' }));

    expect(response).toEqual({
      PhysicalResourceId: 'opensearch-package-lookup:stopwords-en',
      Data: { PackageId: PACKAGE_ID, PackageName: 'stopwords-en', PackageType: 'TXT-DICTIONARY', AvailablePackageVersion: 'v5', LatestCommitMessage: 'more stopwords' },
    });
    expect(describeCalls()).toEqual([
      { Filters: [{ Name: 'PackageName', Value: ['stopwords-en'] }], MaxResults: 100, NextToken: undefined },
      { Filters: [{ Name: 'PackageName', Value: ['stopwords-en'] }], MaxResults: 100, NextToken: 'page-2' },
    ]);
  });

  test('no package with the name fails clearly', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('No OpenSearch Service package is named stopwords-en in this account and Region');
  });

  test('only exact names match', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageName: 'stopwords-en-old' })));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('No OpenSearch Service package is named stopwords-en in this account and Region');
  });

  test('two packages with the name fail, naming both and how to pick one', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(
      details('AVAILABLE', { PackageName: 'stopwords-en', PackageID: 'F111' }),
      details('AVAILABLE', { PackageName: 'stopwords-en', PackageID: 'G222', PackageOwner: 'AWS' }),
    ));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('2 OpenSearch Service packages are named stopwords-en: F111 (owner 111111111111), G222 (owner AWS); '
      + 'use CustomPackage.fromPackageId to pick one');
  });

  test('finds a package by id', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await onEvent(lookupEvent({ PackageId: PACKAGE_ID }));

    expect(response).toMatchObject({ PhysicalResourceId: `opensearch-package-lookup:${PACKAGE_ID}`, Data: { PackageName: NAME } });
    expect(describeCalls()[0].Filters).toEqual([{ Name: 'PackageID', Value: [PACKAGE_ID] }]);
  });

  test('an unknown id fails clearly', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    const error = await errorOf(onEvent(lookupEvent({ PackageId: PACKAGE_ID })));
    expect(error.message).toBe(`No OpenSearch Service package has the id ${PACKAGE_ID} in this account and Region`);
  });

  test('an update looks up again', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageName: 'stopwords-de' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });
    const response = await onEvent(lookupEvent({ PackageName: 'stopwords-de' }, 'Update'));
    expect(response.PhysicalResourceId).toBe('opensearch-package-lookup:stopwords-de');
  });

  test('service errors name the operation and what was looked up', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(onEvent(lookupEvent({ PackageName: 'stopwords-en' })));
    expect(error.message).toBe('DescribePackages failed for package stopwords-en: AccessDeniedException: denied');
  });

  test.each([
    [{}, 'A package look-up needs exactly one of PackageName and PackageId'],
    [{ PackageName: 'a-name', PackageId: PACKAGE_ID }, 'A package look-up needs exactly one of PackageName and PackageId'],
    [{ PackageName: 'No' }, 'Invalid PackageName "No": expected 3-256 characters matching ^[a-z][a-z0-9-]+$'],
    [{ PackageId: 'X1' }, 'Invalid PackageId "X1": expected a package id matching ^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$'],
  ])('rejects look-up properties %j', async (props, message) => {
    expect((await errorOf(onEvent(lookupEvent(props)))).message).toBe(message);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('delete has nothing to do', async () => {
    const event = { ...lookupEvent({ PackageName: 'stopwords-en' }, 'Delete'), PhysicalResourceId: 'opensearch-package-lookup:stopwords-en' };
    expect(await onEvent(event)).toEqual({ PhysicalResourceId: 'opensearch-package-lookup:stopwords-en' });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test.each(['Create', 'Delete'] as const)('isComplete completes a %s at once', async (requestType) => {
    const event = completeRequest(lookupEvent({ PackageName: 'stopwords-en' }, requestType), 'opensearch-package-lookup:stopwords-en');
    expect(await isComplete(event)).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- cross-cutting ----------------------------------------------------------------------------

describe('staging the file', () => {
  test('Create copies the source into the staging bucket as SSE-S3 and hands the service the copy', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent());

    expect(copies()).toEqual([{
      Bucket: STAGING_BUCKET, Key: STAGED_KEY, CopySource: 'cdk-assets/aaaa.txt', ServerSideEncryption: 'AES256', TaggingDirective: 'REPLACE',
    }]);
    const source = opensearch.commandCalls(CreatePackageCommand)[0].args[0].input.PackageSource;
    expect(source).toEqual({ S3BucketName: STAGING_BUCKET, S3Key: copies()[0].Key });
    // The service has not copied it yet: nothing is deleted.
    expect(deletions()).toEqual([]);
  });

  test('the source key is URL-encoded segment by segment; the staged key keeps the file name', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent(properties({ S3BucketName: 'dicts', S3Key: 'plugins/my plugin+1.zip' })));

    expect(copies()[0]).toMatchObject({ CopySource: 'dicts/plugins/my%20plugin%2B1.zip', Key: expect.stringMatching(/^product-synonyms\/[0-9a-f]{16}\/my plugin\+1\.zip$/) });
  });

  test.each([
    ['key', { S3Key: 'bbbb.txt' }],
    ['bucket', { S3BucketName: 'other-bucket' }],
    ['object version', { S3ObjectVersion: 'v2' }],
  ])('a new source %s is a new staged key, so the copy the service may still read is never overwritten', async (_field, change) => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });
    await onEvent(createEvent());
    await onEvent(createEvent(properties(change)));
    const [first, second] = copies();
    expect(second.Key).not.toBe(first.Key);
    expect(second.Key!.startsWith(`${NAME}/`)).toBe(true);
  });

  test('Update stages the new file and hands UpdatePackage the copy', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' })));

    expect(copies().map((c) => c.CopySource)).toEqual(['cdk-assets/bbbb.txt']);
    const source = opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input.PackageSource;
    expect(source).toEqual({ S3BucketName: STAGING_BUCKET, S3Key: copies()[0].Key });
  });

  test('an update that asks nothing of the service stages nothing', async () => {
    await onEvent(updateEvent(properties({ CommitMessage: 'other' })));
    expect(copies()).toEqual([]);
  });

  test('a failed copy fails the step before anything is asked of the service, naming source, copy and the permissions', async () => {
    s3.on(CopyObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata }));

    const error = await errorOf(onEvent(createEvent()));

    expect(error.message).toMatch(new RegExp(`^Copying s3://cdk-assets/aaaa\\.txt to the staging bucket s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt `
      + 'failed: NoSuchKey: The specified key does not exist\\. The handler needs s3:GetObject on the source \\(and kms:Decrypt'));
    expect(opensearch.commandCalls(CreatePackageCommand)).toHaveLength(0);
  });

  test.each([
    ['CreatePackage', () => onEvent(createEvent())],
    ['UpdatePackage', () => onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' })))],
  ])('a refused %s deletes the copy it was given, then fails as the service said', async (operation, run) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(CreatePackageCommand).rejects(new AccessDeniedException({ message: 'nope', $metadata }));
    opensearch.on(UpdatePackageCommand).rejects(new AccessDeniedException({ message: 'nope', $metadata }));

    const error = await errorOf(run());

    expect(error.message).toContain(`${operation} failed for package ${NAME}`);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: copies()[0].Key }]);
  });

  test('isComplete deletes the copy once the new version is AVAILABLE, and logs it', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.IsComplete).toBe(true);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'complete', stagedFile: expect.stringMatching(`^s3://${STAGING_BUCKET}/product-synonyms/`) });
  });

  test.each(['COPYING', 'VALIDATING'] as const)('isComplete keeps the copy while the service is %s it', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status)));
    await isComplete(completeRequest(createEvent()));
    expect(deletions()).toEqual([]);
  });

  test('after an update, AVAILABLE on the version before keeps the copy: the service has not taken it yet', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v1' })));
    await isComplete(completeRequest(updateEvent(properties({ S3Key: 'bbbb.txt' })), PACKAGE_ID, { AvailablePackageVersion: 'v1' }));
    expect(deletions()).toEqual([]);
  });

  test.each(['COPY_FAILED', 'VALIDATION_FAILED'] as const)('isComplete deletes the copy when the version is %s, then fails', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, { ErrorDetails: { ErrorType: 'X', ErrorMessage: 'bad' } })));

    const error = await errorOf(isComplete(completeRequest(createEvent())));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: X: bad`);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
  });

  test('a failed deletion of the copy fails the step, naming the copy', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    s3.on(DeleteObjectCommand).rejects(new AccessDeniedException({ message: 'Access Denied', $metadata }));

    const error = await errorOf(isComplete(completeRequest(createEvent())));

    expect(error.message).toMatch(new RegExp(`^Deleting the staged copy s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt failed: AccessDeniedException: Access Denied$`));
  });

  test('Delete removes a copy a failed or timed-out deployment may have left, so CloudFormation can delete the bucket', async () => {
    await onEvent(deleteEvent());
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
  });

  test('Delete succeeds when the staging bucket is already gone', async () => {
    s3.on(DeleteObjectCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata }));
    const response = await onEvent(deleteEvent());
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(deletions()).toHaveLength(1);
  });

  test('Delete of a resource from before staging existed touches no bucket', async () => {
    const { StagingBucketName: _bucket, StagingPrefix: _prefix, ...before } = properties();
    await onEvent(deleteEvent(PACKAGE_ID, before));
    expect(deletions()).toEqual([]);
  });

  test.each(['StagingBucketName', 'StagingPrefix'])('Create without %s fails, naming it', async (field) => {
    const error = await errorOf(onEvent(createEvent(properties({ [field]: undefined }))));
    expect(error.message).toBe(`Missing required property ${field}`);
    expect(copies()).toEqual([]);
  });
});

describe('logging', () => {
  test('writes one JSON line per step with the step fields and without the ResponseURL', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent());

    expect(logs.raw()).toHaveLength(1);
    const line = logs.raw()[0];
    expect(JSON.parse(line)).toEqual({
      handler: 'onEvent',
      requestType: 'Create',
      packageName: NAME,
      packageId: PACKAGE_ID,
      physicalResourceId: PACKAGE_ID,
      status: 'COPYING',
      outcome: 'requested',
      stagedFile: expect.stringMatching(new RegExp(`^s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt$`)),
    });
    expect(line).not.toContain('secret-presigned-url');
  });

  test('logs a failed step once, with the error message', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('VALIDATION_FAILED', { ErrorDetails: { ErrorMessage: 'bad' } })));

    await errorOf(isComplete(completeRequest(createEvent())));

    expect(logs.lines()).toHaveLength(1);
    expect(logs.lines()[0]).toMatchObject({ handler: 'isComplete', outcome: 'failed', error: expect.stringContaining('bad') });
  });
});

test('an unsupported request type fails', async () => {
  const event = { ...createEvent(), RequestType: 'Rename' } as unknown as OnEventRequest;
  expect((await errorOf(onEvent(event))).message).toBe('Unsupported RequestType Rename');
});

test('isComplete refuses an unknown request type without any API call', async () => {
  const event = { ...completeRequest(deleteEvent()), RequestType: 'Purge' } as unknown as IsCompleteRequest;
  expect((await errorOf(isComplete(event))).message).toBe('Unsupported RequestType Purge');
  expect(opensearch.calls()).toHaveLength(0);
});

test('a 10,000-character property value is refused with a short message naming the field', async () => {
  const error = await errorOf(onEvent(createEvent(properties({ S3Key: 'k'.repeat(10_000) }))));
  expect(error.message).toMatch(/^Invalid S3Key: at most 1024 characters allowed, got 10000 \("k{32}… \(9968 more characters\)"\)$/);
  expect(opensearch.calls()).toHaveLength(0);
});

test.each([
  ['PackageType', 'T'.repeat(33), 'at most 32'],
  ['S3BucketName', 'b'.repeat(64), 'at most 63'],
  ['S3BucketName', 'bb', 'at least 3'],
  ['S3ObjectVersion', 'v'.repeat(1025), 'at most 1024'],
])('%s of %p characters is refused', async (field, value, rule) => {
  const error = await errorOf(onEvent(createEvent(properties({ [field]: value }))));
  expect(error.message).toContain(`Invalid ${field}: ${rule} characters`);
});
