import {
  AccessDeniedException,
  ConflictException,
  CreatePackageCommand,
  DescribePackagesCommand,
  InternalException,
  ResourceAlreadyExistsException,
  UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { $metadata, createEvent, deleteEvent, described, details, errorOf, NAME, PACKAGE_ID, properties, STAGED, updateEvent } from './fixtures';
import { onEvent } from '../../../lambda/package';
import { refusalGrace } from '../../../lambda/shared/pause';
import { CREATE_FAILED_MARKER, mockOpenSearchAndLogs, mockS3, STAGING_BUCKET } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });
mockS3();

const describeCalls = () => opensearch.commandCalls(DescribePackagesCommand).map((call) => call.args[0].input);

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
    opensearch.on(CreatePackageCommand).rejects(new ResourceAlreadyExistsException({ message: 'Package exists', $metadata: { ...$metadata, attempts: 2 } }));
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
      throw new ResourceAlreadyExistsException({ message: 'Package exists', $metadata: { ...$metadata, attempts: 2 } });
    });

    const response = await onEvent(createEvent());

    expect(response).toEqual({ PhysicalResourceId: 'F777' });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'adopted-after-lost-reply', packageId: 'F777' });
  });

  test('does not adopt a package of another type, even a new one', async () => {
    opensearch.on(CreatePackageCommand).rejects(new ResourceAlreadyExistsException({ message: 'Package exists', $metadata: { ...$metadata, attempts: 2 } }));
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageType: 'ZIP-PLUGIN', CreatedAt: new Date() })));

    expect((await errorOf(onEvent(createEvent()))).message).toMatch(/^A package named product-synonyms already exists/);
  });

  test('a lost reply that leaves nothing to adopt says a package may exist and names it', async () => {
    opensearch.on(CreatePackageCommand).rejects(new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }));
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [] });

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
    opensearch.on(DescribePackagesCommand).resolves({ PackageDetailsList: [] });
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
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(updateEvent(properties(overrides)));

    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(1);
  });

  test.each([
    ['a new commit message alone', { CommitMessage: 'reworded' }],
    ['a new service timeout', { ServiceTimeout: '900' }],
    ['nothing', {}],
  ])('%s changes nothing: the package is only read, to know it is still there', async (_case, overrides) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    const response = await onEvent(updateEvent(properties(overrides)));
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribePackagesCommand']);
  });

  test('an empty optional value equals an absent one', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    const response = await onEvent(updateEvent(properties({ PackageDescription: '' }), properties()));
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(0);
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

  test.each([
    ['a new file', properties({ S3Key: 'bbbb.txt' }), PACKAGE_ID],
    ['nothing of the package\'s', properties({ ServiceTimeout: '900' }), PACKAGE_ID],
    ['a new file, for an adopted package', properties({ S3Key: 'bbbb.txt', AdoptExisting: 'true' }), `adopted:${PACKAGE_ID}`],
  ])('a package deleted outside the stack is created again from the new properties, with %s, under a plain new physical id', async (_case, props, physicalId) => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING', { PackageID: 'F222222222' }) });

    const response = await onEvent(updateEvent(props, properties(), physicalId));

    expect(response).toEqual({ PhysicalResourceId: 'F222222222' });
    expect(opensearch.commandCalls(CreatePackageCommand)[0].args[0].input).toMatchObject({ PackageName: NAME, PackageSource: { S3Key: expect.stringMatching(new RegExp(`/${props.S3Key}$`)) } });
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(0);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'recreated-gone', packageId: 'F222222222', physicalResourceId: 'F222222222' });
  });

  test('a package deleted outside the stack whose name another package took meanwhile fails, naming both and what to do', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    opensearch.on(CreatePackageCommand).rejects(new ResourceAlreadyExistsException({ message: 'Package exists', $metadata }));

    const error = await errorOf(onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' }))));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) was deleted outside the stack, and the update can't create it again: another package `
      + `named ${NAME} exists in this Region now, and it is not the stack's. Choose another packageName, or delete that package, then deploy again`);
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
