import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { GetPackageVersionHistoryCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EngineVersion } from 'aws-cdk-lib/aws-opensearchservice';
import { domainNamed, Scenario, startScenario, synthesize } from './harness';
import { DeploymentError, StackArtifact } from '../../local/deploy';
import type { Emulator } from '../../local/emulator';
import { CustomPackage, CustomPackageProps, PackageSource, PackageType } from '../../src';

/**
 * `adoptExisting` end to end: a package made outside the stack (the console, a script, Terraform),
 * used by a domain in the stack and one outside it, taken over without a new id, and left in place
 * when the stack goes.
 */

const PRODUCTS = 'products'; // in the stack
const CATALOG = 'catalog'; // not in the stack
const NAME = 'product-synonyms';
const TIMEOUT_MS = 60_000;

let files: string;

beforeAll(() => { files = mkdtempSync(path.join(tmpdir(), 'e2e-adoption-')); });
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

async function setUp(): Promise<Scenario> {
  const scenario = await startScenario();
  scenario.emulator.addDomain(PRODUCTS, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addDomain(CATALOG, { engineVersion: 'OpenSearch_2.19' });
  return scenario;
}

/** The team's package as the console made it: v1 without a commit message, used by both domains. */
function consolePackage(emulator: Emulator): string {
  const { PackageID } = emulator.addPackage({ packageName: NAME, description: 'Made in the console', content: 'ice cream, gelato\n' });
  emulator.addAssociation({ domainName: PRODUCTS, packageId: PackageID! });
  emulator.addAssociation({ domainName: CATALOG, packageId: PackageID! });
  return PackageID!;
}

function synonymsFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(files, 'v-')), 'synonyms.txt');
  writeFileSync(file, content);
  return file;
}

/** A stack adopting the package of NAME and associating it with the products domain. */
function adoptingStack(file: string, props: Partial<CustomPackageProps> = {}, domains: string[] = [PRODUCTS]): StackArtifact {
  return synthesize((stack: Stack) => {
    const pkg = new CustomPackage(stack, 'Synonyms', {
      source: PackageSource.fromAsset(file),
      packageName: NAME,
      adoptExisting: true,
      ...props,
    });
    domains.forEach((domain) => pkg.associateWith(domainNamed(stack, domain), { outputName: `ReferencePath${domain}` }));
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
  });
}

function commitMessageOf(artifact: StackArtifact): string {
  const [pkg] = Object.values(artifact.template.Resources).filter((r) => r.Type === 'Custom::OpenSearchPackage');
  return pkg.Properties!.CommitMessage;
}

function errorOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}

async function history(emulator: Emulator, packageId: string) {
  const client = new OpenSearchClient(emulator.clientConfig());
  const { PackageVersionHistoryList } = await client.send(new GetPackageVersionHistoryCommand({ PackageID: packageId }));
  return PackageVersionHistoryList?.map(({ PackageVersion, CommitMessage }) => ({ PackageVersion, CommitMessage }));
}

/** Every call that changes a package or an association, in order. */
function writes(emulator: Emulator): string[] {
  return emulator.calls
    .filter((call) => ['CreatePackage', 'UpdatePackage', 'DeletePackage', 'AssociatePackage', 'DissociatePackage'].includes(call.operation))
    .map((call) => `${call.operation} ${call.pathParams.DomainName ?? call.pathParams.PackageID ?? (call.body as any)?.PackageID ?? ''}`.trim());
}

describe('adopting a package two domains use, one in the stack', () => {
  test('keeps its id, ships the file as the next version, and rolls it out to the stack\'s domain only', async () => {
    const { emulator, deployment } = await setUp();
    const packageId = consolePackage(emulator);
    emulator.clearCalls();

    const artifact = adoptingStack(synonymsFile('ice cream, gelato, sorbet\n'));
    const outputs = await deployment.deploy(artifact);

    expect(outputs).toEqual({ PackageId: packageId, ReferencePathproducts: `analyzers/${packageId}`, Version: 'v2' });
    expect(writes(emulator)).toEqual([`UpdatePackage ${packageId}`, `AssociatePackage ${PRODUCTS}`]);
    expect(await history(emulator, packageId)).toEqual([
      { PackageVersion: 'v2', CommitMessage: commitMessageOf(artifact) },
      { PackageVersion: 'v1', CommitMessage: undefined },
    ]);
    expect(emulator.association(PRODUCTS, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v2' });
    expect(emulator.association(CATALOG, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
  }, TIMEOUT_MS);

  test('a redeployment with the same file makes no new version, also when a new resource adopts it again', async () => {
    const { emulator, deployment } = await setUp();
    const packageId = consolePackage(emulator);
    const artifact = adoptingStack(synonymsFile('ice cream, gelato, sorbet\n'));
    await deployment.deploy(artifact);
    emulator.clearCalls();

    // The same template again: an Update with nothing changed.
    await deployment.deploy(artifact);
    expect(writes(emulator)).toEqual([]);

    // A new stack (the old one destroyed, the package kept) adopts it again with the same file: Create
    // finds the file in the newest version's commit message and makes no version.
    await deployment.destroy();
    emulator.clearCalls();
    const outputs = await deployment.deploy(artifact);

    expect(outputs).toMatchObject({ PackageId: packageId, Version: 'v2' });
    expect(writes(emulator)).toEqual([`AssociatePackage ${PRODUCTS}`]);
    expect((await history(emulator, packageId))?.map((entry) => entry.PackageVersion)).toEqual(['v2', 'v1']);
  }, TIMEOUT_MS);

  test('destroying the stack leaves the package and the other domain\'s association in place', async () => {
    const { emulator, deployment, events } = await setUp();
    const packageId = consolePackage(emulator);
    await deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato, sorbet\n')));
    emulator.clearCalls();

    await deployment.destroy();

    // The stack's association goes as any association does; the package stays, unused by the stack.
    expect(writes(emulator)).toEqual([`DissociatePackage ${PRODUCTS}`]);
    expect(emulator.packageDetails(packageId)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v2' });
    expect(emulator.association(CATALOG, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
    // Adoption is recorded in the physical id, which is what the Delete read.
    const deleted = events.find((event) => event.resourceType === 'Custom::OpenSearchPackage' && event.status === 'DELETE_COMPLETE');
    expect(deleted?.physicalId).toBe(`adopted:${packageId}`);
  }, TIMEOUT_MS);

  test('removalPolicy DESTROY, set explicitly, deletes the adopted package once no domain uses it', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageID: packageId } = emulator.addPackage({ packageName: NAME });
    await deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato\n'), { removalPolicy: RemovalPolicy.DESTROY }));

    await deployment.destroy();

    expect(emulator.callsTo('DeletePackage').map((call) => call.pathParams.PackageID)).toEqual([packageId]);
    expect(emulator.packageDetails(packageId!)).toBeUndefined();
  }, TIMEOUT_MS);

  test('a rolled-back adoption keeps the package, at the version it shipped', async () => {
    const { emulator, deployment, events } = await setUp();
    const packageId = consolePackage(emulator);

    // The association with a domain that does not exist fails after the package was adopted.
    const error = await errorOf(deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato, sorbet\n'), {}, [PRODUCTS, 'missing'])));

    expect(error).toBeInstanceOf(DeploymentError);
    // The rollback deleted the package resource, whose physical id says it adopted.
    const deleted = events.find((event) => event.resourceType === 'Custom::OpenSearchPackage' && event.status === 'DELETE_COMPLETE');
    expect(deleted?.physicalId).toBe(`adopted:${packageId}`);
    expect(emulator.countCalls('DeletePackage')).toBe(0);
    expect(emulator.packageDetails(packageId)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v2' });
    expect(emulator.association(CATALOG, packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE' });
  }, TIMEOUT_MS);
});

describe('what adoptExisting refuses', () => {
  test('a name held by a package of another type is refused, naming it, and that package is untouched', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageID: packageId } = emulator.addPackage({ packageName: NAME, packageType: 'PACKAGE-CONFIG', versions: 2 });
    emulator.clearCalls();

    const error = await errorOf(deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato\n'))));

    expect(Object.values(error.reasons)).toContain(`Refusing to adopt package ${NAME} (${packageId}): it is a PACKAGE-CONFIG package, `
      + 'but packageType is TXT-DICTIONARY; adoptExisting takes over only a package of the same type, so choose another packageName. '
      + 'Nothing was changed');
    expect(writes(emulator)).toEqual([]);
    expect(emulator.packageDetails(packageId!)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v2', PackageType: 'PACKAGE-CONFIG' });
  }, TIMEOUT_MS);

  test('an AWS-owned package of the name is refused, naming it and its owner', async () => {
    const { emulator, deployment } = await setUp();
    emulator.addPackage({ packageId: 'G123456789', packageName: NAME });
    emulator.clearCalls();

    const error = await errorOf(deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato\n'))));

    expect(Object.values(error.reasons)).toContain(`Refusing to adopt package ${NAME}: G123456789 (owner AWS) is not owned by account `
      + '123456789012, and only a package\'s owner can update it; choose another packageName. Nothing was changed');
    expect(writes(emulator)).toEqual([]);
  }, TIMEOUT_MS);

  test('a plugin built for another engine version is refused', async () => {
    const { emulator, deployment } = await setUp();
    const { PackageID: packageId } = emulator.addPackage({ packageName: 'synonym-plugin', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.17' });
    emulator.clearCalls();

    const error = await errorOf(deployment.deploy(synthesize((stack) => {
      new CustomPackage(stack, 'Plugin', {
        source: PackageSource.fromAsset(synonymsFile('not read: the refusal comes first\n')),
        packageName: 'synonym-plugin',
        packageType: PackageType.ZIP_PLUGIN,
        engineVersion: EngineVersion.OPENSEARCH_2_19,
        adoptExisting: true,
      });
    })));

    expect(Object.values(error.reasons)).toContain(`Refusing to adopt package synonym-plugin (${packageId}): it is built for engine version `
      + 'OpenSearch_2.17, but engineVersion is OpenSearch_2.19; the service can\'t change a package\'s engine version. Nothing was changed');
    expect(writes(emulator)).toEqual([]);
  }, TIMEOUT_MS);
});

test('with no package of the name, adoptExisting creates one, and destroying the stack deletes it as usual', async () => {
  const { emulator, deployment } = await setUp();

  const { PackageId: packageId } = await deployment.deploy(adoptingStack(synonymsFile('ice cream, gelato\n')));

  expect(emulator.callsTo('CreatePackage')).toHaveLength(1);
  await deployment.destroy();
  expect(emulator.callsTo('DeletePackage').map((call) => call.pathParams.PackageID)).toEqual([packageId]);
}, TIMEOUT_MS);
