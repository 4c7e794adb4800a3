/**
 * The emulator's domain state and the refusals that retrying can't cure: DescribeDomain, a package
 * in use by an index, configurable refusal wording, DescribePackages' ResourceNotFoundException,
 * DELETING/DELETE_FAILED, and request constraints from the service model.
 */
import {
  AssociatePackageCommand, CreatePackageCommand, DeletePackageCommand, DescribeDomainCommand, DescribePackagesCommand,
  DissociatePackageCommand, OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { DEFAULT_REFUSAL_WORDING, Emulator, startEmulator } from '../../local/emulator';

const DOMAIN = 'my-domain';
const PKG = 'F123456789';
const FAKE_SIGV4 = { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/es/aws4_request, SignedHeaders=host, Signature=00' };

let emu: Emulator;
let client: OpenSearchClient;

beforeEach(async () => {
  emu = await startEmulator({ associateDelayMs: 50, dissociateDelayMs: 50, packageDeleteDelayMs: 120 });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emu.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describePackage = () => client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: [PKG] }] }));

describe('DescribeDomain', () => {
  test('an idle domain is Active and not processing', async () => {
    const { DomainStatus: status } = await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }));
    expect(status).toMatchObject({
      DomainName: DOMAIN,
      ARN: `arn:aws:es:us-east-1:123456789012:domain/${DOMAIN}`,
      Processing: false,
      UpgradeProcessing: false,
      DomainProcessingStatus: 'Active',
      EngineVersion: 'OpenSearch_2.19',
    });
    expect(status?.ChangeProgressDetails).toBeUndefined();
  });

  test('a domain applying a configuration change is processing until it ends', async () => {
    emu.setChangeInProgress(DOMAIN, 150);
    const during = (await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus;
    expect(during).toMatchObject({ Processing: true, DomainProcessingStatus: 'Modifying', ChangeProgressDetails: { ConfigChangeStatus: 'ApplyingChanges' } });
    await sleep(200);
    const after = (await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus;
    expect(after).toMatchObject({ Processing: false, DomainProcessingStatus: 'Active' });
  });

  test('an unknown domain is ResourceNotFoundException (409)', async () => {
    await expect(client.send(new DescribeDomainCommand({ DomainName: 'no-such-domain' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 409 } });
  });
});

describe('a package in use by an index', () => {
  test('DissociatePackage answers ConflictException and the association stays ACTIVE, until the index is gone', async () => {
    emu.addAssociation({ domainName: DOMAIN, packageId: PKG });
    emu.markPackageInUse(DOMAIN, PKG, 'products');

    await expect(client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ConflictException', message: DEFAULT_REFUSAL_WORDING.packageInUse, $metadata: { httpStatusCode: 409 } });
    expect(emu.association(DOMAIN, PKG)?.DomainPackageStatus).toBe('ACTIVE');

    emu.markPackageUnused(DOMAIN, PKG, 'products');
    const { DomainPackageDetails: details } = await client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(details?.DomainPackageStatus).toBe('DISSOCIATING');
  });

  test('the refusal wording is set per test', async () => {
    emu.addAssociation({ domainName: DOMAIN, packageId: PKG });
    emu.markPackageInUse(DOMAIN, PKG, 'products');
    emu.setRefusalWording({ packageInUse: 'Nope.', domainBusy: 'Later.' });

    await expect(client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ConflictException', message: 'Nope.' });
    emu.addPackage({ packageId: 'F200000000', packageName: 'stopwords' });
    emu.addAssociation({ domainName: DOMAIN, packageId: 'F200000000', status: 'ASSOCIATING', completesInMs: 1000 });
    await expect(client.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ConflictException', message: 'Later.' });
  });
});

describe('DescribePackages', () => {
  test('a PackageID filter naming no package is ResourceNotFoundException; wildcards and other filters give an empty list', async () => {
    await expect(client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: ['F999999999'] }] })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 409 } });
    const wildcard = await client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: ['F9*'] }] }));
    expect(wildcard.PackageDetailsList).toEqual([]);
    const byName = await client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: ['no-such-name'] }] }));
    expect(byName.PackageDetailsList).toEqual([]);
  });
});

describe('DeletePackage', () => {
  test('the package is DELETING for the configured time, then gone', async () => {
    const { PackageDetails: deleted } = await client.send(new DeletePackageCommand({ PackageID: PKG }));
    expect(deleted?.PackageStatus).toBe('DELETING');
    expect((await describePackage()).PackageDetailsList?.[0]?.PackageStatus).toBe('DELETING');
    await expect(client.send(new DeletePackageCommand({ PackageID: PKG }))).rejects.toMatchObject({ name: 'ConflictException' });
    await sleep(170);
    await expect(describePackage()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('under a deletion fault it ends DELETE_FAILED with the error details', async () => {
    emu.faults.failDeletion({ packageId: PKG, errorType: 'DeletionFailure', errorMessage: 'Internal error while deleting' });
    await client.send(new DeletePackageCommand({ PackageID: PKG }));
    expect((await describePackage()).PackageDetailsList?.[0]?.PackageStatus).toBe('DELETING');
    await sleep(170);
    expect((await describePackage()).PackageDetailsList?.[0]).toMatchObject({
      PackageStatus: 'DELETE_FAILED', ErrorDetails: { ErrorType: 'DeletionFailure', ErrorMessage: 'Internal error while deleting' },
    });
  });
});

describe('request constraints from the model', () => {
  test.each([
    ['a bucket name shorter than 3', { S3BucketName: 'ab', S3Key: 'k' }, 'packageSource.s3BucketName'],
    ['a bucket name longer than 63', { S3BucketName: 'b'.repeat(64), S3Key: 'k' }, 'packageSource.s3BucketName'],
    ['a key longer than 1024', { S3BucketName: 'bucket', S3Key: 'k'.repeat(1025) }, 'packageSource.s3Key'],
  ])('PackageSource with %s is a ValidationException naming the member', async (_label, source, member) => {
    await expect(client.send(new CreatePackageCommand({ PackageName: 'other', PackageType: 'TXT-DICTIONARY', PackageSource: source })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining(member) });
  });

  test.each([
    ['PackageConfiguration without ConfigurationRequirement', { PackageConfiguration: { LicenseRequirement: 'NONE' } }, 'packageConfiguration.configurationRequirement'],
    ['PackageConfiguration with an unknown LicenseRequirement', { PackageConfiguration: { LicenseRequirement: 'MAYBE', ConfigurationRequirement: 'NONE' } }, 'packageConfiguration.licenseRequirement'],
    ['PackageEncryptionOptions without EncryptionEnabled', { PackageEncryptionOptions: {} }, 'packageEncryptionOptions.encryptionEnabled'],
    ['PackageVendingOptions without VendingEnabled', { PackageVendingOptions: {} }, 'packageVendingOptions.vendingEnabled'],
  ])('CreatePackage with %s is a ValidationException naming the member', async (_label, extra, member) => {
    const body = { PackageName: 'plugin', PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19', PackageSource: { S3BucketName: 'bucket', S3Key: 'p.zip' }, ...extra };
    const res = await fetch(`${emu.endpoint}/2021-01-01/packages`, { method: 'POST', headers: { ...FAKE_SIGV4, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException/);
    expect(JSON.stringify(await res.json())).toContain(member);
  });

  test('AssociatePackage with AssociationConfiguration.KeyStoreAccessOption but no KeyStoreAccessEnabled is a ValidationException', async () => {
    const res = await fetch(`${emu.endpoint}/2021-01-01/packages/associate/${PKG}/${DOMAIN}`, {
      method: 'POST', headers: { ...FAKE_SIGV4, 'content-type': 'application/json' }, body: JSON.stringify({ AssociationConfiguration: { KeyStoreAccessOption: {} } }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('associationConfiguration.keyStoreAccessOption.keyStoreAccessEnabled');
  });

  test.each([
    ['ListPackagesForDomain', 'GET', '/2021-01-01/domain//packages'],
    ['DissociatePackage', 'POST', `/2021-01-01/packages/dissociate//${DOMAIN}`],
    ['DescribeDomain', 'GET', '/2021-01-01/opensearch/domain/'],
  ])('%s with an empty path parameter is a ValidationException (400), not UnknownOperationException', async (_op, method, path) => {
    const res = await fetch(`${emu.endpoint}${path}`, { method, headers: FAKE_SIGV4 });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^ValidationException/);
  });
});
