import {
  CreatePackageCommand,
  DeletePackageCommand,
  DescribePackagesCommand,
  GetPackageVersionHistoryCommand,
  ListDomainsForPackageCommand,
  UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { completeRequest, createEvent, deleteEvent, described, details, errorOf, NAME, PACKAGE_ID, properties, STAGED, updateEvent } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/package';
import { formatPackagePhysicalId, parsePackagePhysicalId } from '../../../lambda/package/package-properties';
import { mockOpenSearchAndLogs, mockS3 } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
const s3 = mockS3();

const ADOPTED = `adopted:${PACKAGE_ID}`;
const adopting = (overrides: Record<string, unknown> = {}) => properties({ AdoptExisting: 'true', ...overrides });
const history = (...entries: Array<{ PackageVersion: string; CommitMessage?: string }>) => ({ PackageVersionHistoryList: entries });
/** Calls that change a package. */
const packageWrites = () => [CreatePackageCommand, UpdatePackageCommand, DeletePackageCommand]
  .flatMap((command) => opensearch.commandCalls(command as any));

describe('the physical id records adoption', () => {
  test.each([
    [PACKAGE_ID, { packageId: PACKAGE_ID, adopted: false }],
    [ADOPTED, { packageId: PACKAGE_ID, adopted: true }],
    ['adopted:pkg-0a1b', { packageId: 'pkg-0a1b', adopted: true }],
    ['adopted:', undefined],
    ['adopted:adopted:F1', undefined],
    ['AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', undefined],
    [undefined, undefined],
  ])('%s', (physicalId, expected) => {
    expect(parsePackagePhysicalId(physicalId)).toEqual(expected);
  });

  test('formats what it parses', () => {
    expect(formatPackagePhysicalId(PACKAGE_ID, true)).toBe(ADOPTED);
    expect(formatPackagePhysicalId(PACKAGE_ID, false)).toBe(PACKAGE_ID);
  });
});

describe('Create with AdoptExisting', () => {
  test('takes over the account\'s package of the name and ships the file as its next version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v3' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v3', CommitMessage: 'made by a script' }));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const response = await onEvent(createEvent(adopting({ PackageDescription: 'Synonyms' })));

    expect(response).toEqual({ PhysicalResourceId: ADOPTED, Data: { AvailablePackageVersion: 'v3' } });
    expect(opensearch.commandCalls(UpdatePackageCommand).map((call) => call.args[0].input)).toEqual([{
      PackageID: PACKAGE_ID, PackageSource: STAGED, PackageDescription: 'Synonyms', CommitMessage: 'aaaa',
    }]);
    expect(opensearch.commandCalls(CreatePackageCommand)).toHaveLength(0);
    expect(opensearch.commandCalls(DescribePackagesCommand)[0].args[0].input.Filters).toEqual([{ Name: 'PackageName', Value: [NAME] }]);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'adopted-update-requested', packageId: PACKAGE_ID, physicalResourceId: ADOPTED });
  });

  test('makes no version, and stages nothing, when the newest version\'s commit message names the file', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v2', CommitMessage: 'aaaa' }, { PackageVersion: 'v1' }));

    const response = await onEvent(createEvent(adopting()));

    expect(response).toEqual({ PhysicalResourceId: ADOPTED });
    expect(packageWrites()).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'adopted-unchanged' });
  });

  test('an older version holding the file is not enough: only the newest counts', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v2', CommitMessage: 'bbbb' }, { PackageVersion: 'v1', CommitMessage: 'aaaa' }));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent(adopting()));

    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(1);
  });

  test.each([
    ['without a commit message to compare', { CommitMessage: undefined }, 'AVAILABLE'],
    ['when the last version failed validation', {}, 'VALIDATION_FAILED'],
  ] as const)('ships the file %s', async (_, overrides, status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v2', CommitMessage: 'aaaa' }));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const response = await onEvent(createEvent(adopting(overrides)));

    expect(response.PhysicalResourceId).toBe(ADOPTED);
    expect(opensearch.commandCalls(UpdatePackageCommand)).toHaveLength(1);
  });

  test('creates the package as without it when none has the name', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described());
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const response = await onEvent(createEvent(adopting()));

    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(packageWrites().map((call) => call.args[0].constructor.name)).toEqual(['CreatePackageCommand']);
  });

  test('without AdoptExisting a package of the name is never looked for', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent(properties({ AdoptExisting: 'false' })));

    expect(opensearch.commandCalls(DescribePackagesCommand)).toHaveLength(0);
  });

  test.each([
    ['an AWS-owned package', [details('AVAILABLE', { PackageID: 'G123456789', PackageOwner: 'AWS' })],
      `Refusing to adopt package ${NAME}: G123456789 (owner AWS) is not owned by account 111111111111, and only a package's owner `
      + 'can update it; choose another packageName. Nothing was changed'],
    ['another account\'s package', [details('AVAILABLE', { PackageOwner: '222222222222' })],
      `Refusing to adopt package ${NAME}: ${PACKAGE_ID} (owner 222222222222) is not owned by account 111111111111`],
    ['a package of another type', [details('AVAILABLE', { PackageType: 'PACKAGE-LICENSE' })],
      `Refusing to adopt package ${NAME} (${PACKAGE_ID}): it is a PACKAGE-LICENSE package, but packageType is TXT-DICTIONARY`],
    ['a package being deleted', [details('DELETING')],
      `Refusing to adopt package ${NAME} (${PACKAGE_ID}): it is DELETING; deploy again once it is AVAILABLE. Nothing was changed`],
    ['a package whose new version is being validated', [details('VALIDATING')],
      `Refusing to adopt package ${NAME} (${PACKAGE_ID}): it is VALIDATING`],
  ])('refuses %s, naming it, and changes nothing', async (_, found, message) => {
    opensearch.on(DescribePackagesCommand).resolves(described(...found));

    const error = await errorOf(onEvent(createEvent(adopting())));

    expect(error.message).toContain(message);
    expect(packageWrites()).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  test('adopts the account\'s package when an AWS-owned one shares its name', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(
      details('AVAILABLE', { PackageID: 'G123456789', PackageOwner: 'AWS' }), details('AVAILABLE'),
    ));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v1', CommitMessage: 'aaaa' }));

    expect(await onEvent(createEvent(adopting()))).toEqual({ PhysicalResourceId: ADOPTED });
  });

  describe('a plugin', () => {
    const plugin = (overrides: Record<string, unknown> = {}) => adopting({ PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19', ...overrides });
    const existingPlugin = (overrides = {}) => details('AVAILABLE', { PackageID: 'pkg-0a1b', PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19', ...overrides });

    test('of the same engine version is adopted, with its configuration on the new version', async () => {
      opensearch.on(DescribePackagesCommand).resolves(described(existingPlugin()));
      opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v1' }));
      opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

      const response = await onEvent(createEvent(plugin({ LicenseRequirement: 'NONE', ConfigurationRequirement: 'OPTIONAL' })));

      expect(response.PhysicalResourceId).toBe('adopted:pkg-0a1b');
      expect(opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input).toMatchObject({
        PackageID: 'pkg-0a1b', PackageConfiguration: { LicenseRequirement: 'NONE', ConfigurationRequirement: 'OPTIONAL' },
      });
    });

    test.each([
      ['another engine version', existingPlugin({ EngineVersion: 'OpenSearch_2.17' }), {},
        'it is built for engine version OpenSearch_2.17, but engineVersion is OpenSearch_2.19'],
      ['other vending', existingPlugin(), { VendingEnabled: 'true' }, 'its vending is false, but vending is true; only CreatePackage sets vending'],
    ])('with %s is refused', async (_, existing, overrides, message) => {
      opensearch.on(DescribePackagesCommand).resolves(described(existing));

      expect((await errorOf(onEvent(createEvent(plugin(overrides))))).message).toContain(message);
      expect(packageWrites()).toHaveLength(0);
    });
  });

  test('an AdoptExisting that is not true or false fails, naming the field', async () => {
    const error = await errorOf(onEvent(createEvent(adopting({ AdoptExisting: 'yes' }))));

    expect(error.message).toBe('Invalid AdoptExisting "yes": expected true or false');
  });
});

describe('an adopted package after Create', () => {
  test('isComplete reads the package the physical id names and completes on a version newer than before', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v4' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves(history({ PackageVersion: 'v4', CommitMessage: 'aaaa' }));

    const response = await isComplete(completeRequest(createEvent(adopting()), ADOPTED, { AvailablePackageVersion: 'v3' }));

    expect(response).toMatchObject({ IsComplete: true, Data: { PackageId: PACKAGE_ID, AvailablePackageVersion: 'v4' } });
    expect(opensearch.commandCalls(DescribePackagesCommand)[0].args[0].input.Filters).toEqual([{ Name: 'PackageID', Value: [PACKAGE_ID] }]);
  });

  test('Update keeps the adopted physical id, so CloudFormation never takes it for a replacement', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    const unchanged = await onEvent(updateEvent(adopting({ CommitMessage: 'new message only' }), adopting(), ADOPTED));
    const changed = await onEvent(updateEvent(adopting({ S3Key: 'bbbb.txt', CommitMessage: 'bbbb' }), adopting(), ADOPTED));

    expect(unchanged).toEqual({ PhysicalResourceId: ADOPTED });
    expect(changed).toEqual({ PhysicalResourceId: ADOPTED, Data: { AvailablePackageVersion: 'v1' } });
    expect(opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input).toMatchObject({ PackageID: PACKAGE_ID, CommitMessage: 'bbbb' });
  });

  test('Delete keeps it and calls nothing, also when the properties no longer ask to adopt', async () => {
    for (const props of [adopting(), properties()]) {
      expect(await onEvent(deleteEvent(ADOPTED, props))).toEqual({ PhysicalResourceId: ADOPTED });
      expect(await isComplete(completeRequest(deleteEvent(ADOPTED, props), ADOPTED))).toEqual({ IsComplete: true });
    }
    expect(opensearch.calls()).toHaveLength(0);
    expect(logs.lines().map((line) => line.outcome)).toEqual(['retained-adopted', 'retained-adopted', 'retained-adopted', 'retained-adopted']);
  });

  test('Delete with DeleteAdopted (removalPolicy DESTROY) deletes it once no domain uses it', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({});
    const props = adopting({ DeleteAdopted: 'true' });

    const response = await isComplete(completeRequest(deleteEvent(ADOPTED, props), ADOPTED));

    expect(response).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)[0].args[0].input).toEqual({ PackageID: PACKAGE_ID });
  });

  test('a package the resource created is deleted as before, whatever AdoptExisting says', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({});

    await isComplete(completeRequest(deleteEvent(PACKAGE_ID, adopting()), PACKAGE_ID));

    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });
});
