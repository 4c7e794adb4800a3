import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DescribePackagesCommand, GetPackageVersionHistoryCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { domainNamed, Scenario, startScenario, synthesize } from './harness';
import { DeploymentError, StackArtifact } from '../../local/deploy';
import type { Emulator } from '../../local/emulator';
import { CustomPackage, ICustomPackage, PackageSource } from '../../src';

/**
 * CustomPackage end to end: the synthesized package and association handler bundles, driven through
 * CloudFormation's Create / Update / Delete lifecycle against the emulator over HTTP.
 */

const PRODUCTS = 'products';
const CATALOG = 'catalog';
const NAME = 'product-synonyms';
const ASSET_BUCKET = 'cdk-hnb659fds-assets-123456789012-us-east-1';

let files: string;

beforeAll(() => { files = mkdtempSync(path.join(tmpdir(), 'e2e-packages-')); });
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

async function setUp(options: Parameters<typeof startScenario>[0] = {}): Promise<Scenario> {
  const scenario = await startScenario(options);
  scenario.emulator.addDomain(PRODUCTS, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addDomain(CATALOG, { engineVersion: 'OpenSearch_2.19' });
  return scenario;
}

/** A synonyms file with this content (each call a new file, as an edit in a repository would be). */
function synonymsFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(files, 'v-')), 'synonyms.txt');
  writeFileSync(file, content);
  return file;
}

/** A stack owning the package, associated with each of `domains`; outputs name what the tests check. */
function packageStack(file: string, domains: string[] = [PRODUCTS], packageName = NAME): StackArtifact {
  return synthesize((stack: Stack) => {
    const pkg = new CustomPackage(stack, 'Synonyms', {
      source: PackageSource.fromAsset(file),
      packageName,
      description: 'Product search synonyms',
    });
    domains.forEach((domain) => pkg.associateWith(domainNamed(stack, domain), { outputName: `ReferencePath${capitalized(domain)}` }));
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
    new CfnOutput(stack, 'CommitMessage', { value: pkg.latestCommitMessage });
  });
}

/** A stack associating an existing package, looked up by name, with the products domain. */
function lookupStack(packageName: string): StackArtifact {
  return synthesize((stack: Stack) => {
    const existing: ICustomPackage = CustomPackage.fromPackageName(stack, 'Stopwords', packageName);
    existing.associateWith(domainNamed(stack, PRODUCTS), { outputName: 'StopwordsPath' });
    new CfnOutput(stack, 'StopwordsVersion', { value: existing.availablePackageVersion });
  });
}

/** The commit message the synthesized package carries (the asset hash). */
function commitMessageOf(artifact: StackArtifact): string {
  const [pkg] = Object.values(artifact.template.Resources).filter((r) => r.Type === 'Custom::OpenSearchPackage');
  return pkg.Properties!.CommitMessage;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function errorOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}

function client(emulator: Emulator): OpenSearchClient {
  return new OpenSearchClient(emulator.clientConfig());
}

async function packagesNamed(emulator: Emulator, name: string) {
  const { PackageDetailsList } = await client(emulator).send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: [name] }] }));
  return PackageDetailsList ?? [];
}

describe('CustomPackage from a file', () => {
  test('creates the package, associates it and outputs the reference path', async () => {
    const { emulator, deployment } = await setUp();

    const outputs = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));

    const packageId = outputs.PackageId;
    expect(packageId).toMatch(/^F[0-9]{9}$/);
    expect(outputs).toEqual({ PackageId: packageId, ReferencePathProducts: `analyzers/${packageId}`, Version: 'v1', CommitMessage: '' });
    expect(emulator.packageDetails(packageId)).toMatchObject({
      PackageName: NAME, PackageType: 'TXT-DICTIONARY', PackageStatus: 'AVAILABLE', PackageDescription: 'Product search synonyms',
    });
    expect(emulator.association(PRODUCTS, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
    const [create] = emulator.callsTo('CreatePackage');
    // The service gets the SSE-S3 copy in the stack's staging bucket, not the SSE-KMS asset (see staging.test.ts).
    expect(create.body).toMatchObject({ PackageName: NAME, PackageType: 'TXT-DICTIONARY', PackageSource: { S3Key: expect.stringMatching(`^${NAME}/`) } });
    expect((create.body as any).PackageSource.S3BucketName).not.toBe(ASSET_BUCKET);
    // The package was AVAILABLE before anything tried to associate it.
    const firstAssociate = emulator.callsTo('AssociatePackage')[0];
    expect(firstAssociate.errorType).toBeUndefined();
  });

  test('a changed file becomes v2 on every associated domain, with its commit message in the history', async () => {
    const { emulator, deployment } = await setUp();
    const first = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n'), [PRODUCTS, CATALOG]));
    const packageId = first.PackageId;
    emulator.clearCalls();

    const changed = packageStack(synonymsFile('ice cream, gelato, frozen custard\n'), [PRODUCTS, CATALOG]);
    const outputs = await deployment.deploy(changed);

    const commitMessage = commitMessageOf(changed);
    expect(commitMessage).toMatch(/^[0-9a-f]{64}$/);
    expect(outputs).toMatchObject({ PackageId: packageId, Version: 'v2', CommitMessage: commitMessage });
    for (const domain of [PRODUCTS, CATALOG]) {
      expect(emulator.association(domain, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v2' });
    }
    // One new version of the same package, then one re-association per domain; nothing created or deleted.
    const writes = emulator.calls
      .filter((call) => ['CreatePackage', 'UpdatePackage', 'DeletePackage', 'AssociatePackage', 'DissociatePackage'].includes(call.operation))
      .map((call) => `${call.operation} ${call.pathParams.DomainName ?? ''}`.trim());
    expect(writes[0]).toBe('UpdatePackage');
    expect(writes.slice(1).sort()).toEqual([`AssociatePackage ${CATALOG}`, `AssociatePackage ${PRODUCTS}`]);
    expect(emulator.callsTo('UpdatePackage')[0].body).toMatchObject({ PackageID: packageId, CommitMessage: commitMessage });

    const history = await client(emulator).send(new GetPackageVersionHistoryCommand({ PackageID: packageId }));
    expect(history.PackageVersionHistoryList?.map(({ PackageVersion, CommitMessage }) => ({ PackageVersion, CommitMessage }))).toEqual([
      { PackageVersion: 'v2', CommitMessage: commitMessage },
      { PackageVersion: 'v1', CommitMessage: undefined }, // CreatePackage takes no commit message
    ]);
  });

  test('VALIDATION_FAILED fails the deployment with the service message and rolls the package back', async () => {
    const { emulator, deployment } = await setUp();
    emulator.faults.failPackageProcessing({ packageName: NAME, errorType: 'INVALID_SYNONYMS', errorMessage: 'Line 2: malformed synonym rule' });

    const error = await errorOf(deployment.deploy(packageStack(synonymsFile('ice cream => \n'))));

    expect(error).toBeInstanceOf(DeploymentError);
    const reason = Object.values(error.reasons)[0];
    expect(reason).toMatch(new RegExp(`^Package ${NAME} \\(F[0-9]{9}\\) is VALIDATION_FAILED: INVALID_SYNONYMS: Line 2: malformed synonym rule$`));
    expect(emulator.countCalls('AssociatePackage')).toBe(0);
    // Rollback deleted the package the failed create had made.
    expect(await packagesNamed(emulator, NAME)).toEqual([]);
    expect(emulator.countCalls('DeletePackage')).toBe(1);
  });

  test('a new file that fails validation leaves the domains on their version; a fixed file then rolls out', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));
    emulator.faults.failPackageProcessing({ packageId, errorMessage: 'Line 1: empty rule' });

    const error = await errorOf(deployment.deploy(packageStack(synonymsFile('=>\n'))));

    expect(Object.values(error.reasons)[0]).toBe(`Package ${NAME} (${packageId}) is VALIDATION_FAILED: ValidationFailure: Line 1: empty rule`);
    expect(emulator.association(PRODUCTS, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
    expect(emulator.countCalls('AssociatePackage')).toBe(1);

    const fixed = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato, sorbet\n')));

    // The failed version was never committed, so the fixed file is v2.
    expect(fixed).toMatchObject({ PackageId: packageId, Version: 'v2' });
    expect(emulator.association(PRODUCTS, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v2' });
  });
});

describe('deleting a package', () => {
  test('dissociates it from every domain first, then deletes it', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n'), [PRODUCTS, CATALOG]));
    emulator.clearCalls();

    await deployment.destroy();

    const writes = emulator.calls
      .filter((call) => ['DissociatePackage', 'DeletePackage'].includes(call.operation))
      .map((call) => `${call.operation} ${call.pathParams.DomainName ?? call.pathParams.PackageID}`);
    expect(writes.slice(0, 2).sort()).toEqual([`DissociatePackage ${CATALOG}`, `DissociatePackage ${PRODUCTS}`]);
    expect(writes.slice(2)).toEqual([`DeletePackage ${packageId}`]);
    // The package was deleted only once no domain listed it.
    const lastListing = emulator.callsTo('ListDomainsForPackage').pop()!;
    expect(lastListing.time).toBeLessThanOrEqual(emulator.callsTo('DeletePackage')[0].time);
    expect(emulator.packageDetails(packageId)).toBeUndefined();
  });

  test('waits for a dissociation outside the stack to finish', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));
    emulator.addAssociation({ domainName: CATALOG, packageId, status: 'DISSOCIATING', completesInMs: 12_000 });
    emulator.clearCalls();

    await deployment.destroy();

    expect(emulator.countCalls('ListDomainsForPackage')).toBeGreaterThan(1);
    expect(emulator.callsTo('DeletePackage').map((call) => call.status)).toEqual([200]);
    expect(emulator.packageDetails(packageId)).toBeUndefined();
  });

  test('refuses to delete a package another domain still uses, and says which', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));
    emulator.addAssociation({ domainName: CATALOG, packageId, status: 'ACTIVE' });

    const error = await errorOf(deployment.destroy());

    expect(error.message).toContain(`Package ${NAME} (${packageId}) is still associated with ${CATALOG} (ACTIVE): dissociate it there first`);
    // Our association went; the foreign one and the package stay.
    expect(emulator.association(PRODUCTS, packageId)).toBeUndefined();
    expect(emulator.association(CATALOG, packageId)?.DomainPackageStatus).toBe('ACTIVE');
    expect(emulator.packageDetails(packageId)?.PackageStatus).toBe('AVAILABLE');
    expect(emulator.countCalls('DeletePackage')).toBe(0);
  });
});

describe('a package the service deletes slowly', () => {
  test('is waited for while DELETING, and the delete completes once it is gone', async () => {
    const { emulator, deployment } = await setUp({ packageDeleteDelayMs: 8_000 });
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));
    emulator.clearCalls();

    await deployment.destroy();

    const deletedAt = emulator.callsTo('DeletePackage')[0].time;
    const reads = emulator.callsTo('DescribePackages').filter((call) => call.time > deletedAt).map((call) => call.errorType ?? call.status);
    // At least one poll saw DELETING (200), the last one found nothing (ResourceNotFoundException for the id).
    expect(reads.length).toBeGreaterThan(1);
    expect(reads[0]).toBe(200);
    expect(reads[reads.length - 1]).toBe('ResourceNotFoundException');
    expect(emulator.packageDetails(packageId)).toBeUndefined();
  });

  test('DELETE_FAILED fails the delete with the ErrorDetails', async () => {
    const { emulator, deployment } = await setUp({ packageDeleteDelayMs: 4_000 });
    const { PackageId: packageId } = await deployment.deploy(packageStack(synonymsFile('ice cream, gelato\n')));
    emulator.faults.failDeletion({ packageId, errorType: 'DeletionFailure', errorMessage: 'Internal error while deleting the package' });

    const error = await errorOf(deployment.destroy());

    expect(error.message).toContain(`Package ${NAME} (${packageId}) is DELETE_FAILED: DeletionFailure: Internal error while deleting the package`);
    expect(emulator.packageDetails(packageId)?.PackageStatus).toBe('DELETE_FAILED');
  });
});

describe('CustomPackage.fromPackageName', () => {
  test('one package with the name: associates it and outputs its reference path', async () => {
    const { emulator, deployment } = await setUp();
    const stopwords = emulator.addPackage({ packageName: 'stopwords-en', versions: 3 });

    const outputs = await deployment.deploy(lookupStack('stopwords-en'));

    expect(outputs).toEqual({ StopwordsPath: `analyzers/${stopwords.PackageID}`, StopwordsVersion: 'v3' });
    expect(emulator.association(PRODUCTS, stopwords.PackageID)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v3' });
    expect(emulator.callsTo('DescribePackages')[0].body).toMatchObject({ Filters: [{ Name: 'PackageName', Value: ['stopwords-en'] }] });
    // Destroying the stack dissociates the package but never deletes what it did not create.
    await deployment.destroy();
    expect(emulator.association(PRODUCTS, stopwords.PackageID)).toBeUndefined();
    expect(emulator.packageDetails(stopwords.PackageID)).toBeDefined();
    expect(emulator.countCalls('DeletePackage')).toBe(0);
  });

  test('no package with the name fails the deployment clearly', async () => {
    const { emulator, deployment } = await setUp();
    emulator.addPackage({ packageName: 'stopwords-de' });

    const error = await errorOf(deployment.deploy(lookupStack('stopwords-en')));

    expect(Object.values(error.reasons)).toEqual(['No OpenSearch Service package is named stopwords-en in this account and Region']);
    expect(emulator.countCalls('AssociatePackage')).toBe(0);
  });

  test('two packages with the name fail the deployment, naming both', async () => {
    const { emulator, deployment } = await setUp();
    emulator.addPackage({ packageId: 'F111111111', packageName: 'stopwords-en' });
    emulator.addPackage({ packageId: 'G222222222', packageName: 'stopwords-en' }); // owned by AWS

    const error = await errorOf(deployment.deploy(lookupStack('stopwords-en')));

    expect(Object.values(error.reasons)).toEqual(['2 OpenSearch Service packages are named stopwords-en: '
      + 'F111111111 (owner 123456789012), G222222222 (owner AWS); use CustomPackage.fromPackageId to pick one']);
    expect(emulator.countCalls('AssociatePackage')).toBe(0);
  });
});

test('CustomPackage.fromPackageId associates by id without any look-up', async () => {
  const { emulator, deployment, events } = await setUp();
  emulator.addPackage({ packageId: 'F987654321', packageName: 'legacy-synonyms' });

  const outputs = await deployment.deploy(synthesize((stack) => {
    CustomPackage.fromPackageId(stack, 'Legacy', 'F987654321').associateWith(domainNamed(stack, PRODUCTS), { outputName: 'LegacyPath' });
  }));

  expect(outputs).toEqual({ LegacyPath: 'analyzers/F987654321' });
  expect(events.map((event) => event.resourceType)).not.toContain('Custom::OpenSearchPackageLookup');
  // The only DescribePackages is the association's own check that the package is AVAILABLE, by id.
  expect(emulator.callsTo('DescribePackages').map((call) => call.body)).toEqual([
    { Filters: [{ Name: 'PackageID', Value: ['F987654321'] }], MaxResults: 100 },
  ]);
});
