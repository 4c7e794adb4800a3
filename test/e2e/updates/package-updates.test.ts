import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { failureOf, listedOn, packageNamed, packagesNamed, statusesOn } from './service-view';
import type { StackArtifact } from '../../../local/deploy';
import { CustomPackage, CustomPackageProps, PackageAssociation, PackageSource, PackageType, RequirementLevel } from '../../../src';
import { domainNamed, Scenario, startScenario, synthesize } from '../harness';

/**
 * The update table's rows for CustomPackage and the package look-up (docs/updates.md): deploy, change
 * one property, deploy again, then read what DescribePackages and ListPackagesForDomain show.
 */

const PRODUCTS = 'products';
const ARCHIVE = 'archive';
const NAME = 'product-synonyms';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const plugins = path.join(__dirname, '..', '..', 'fixtures', 'plugin');

jest.setTimeout(60_000);

let files: string;
let synonyms: string;

beforeAll(() => {
  files = mkdtempSync(path.join(tmpdir(), 'e2e-updates-'));
  synonyms = path.join(files, 'synonyms.txt');
  writeFileSync(synonyms, 'ice cream, gelato\n');
});
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

async function setUp(): Promise<Scenario> {
  const scenario = await startScenario();
  for (const domain of [PRODUCTS, ARCHIVE]) scenario.emulator.addDomain(domain, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addPackage({ packageId: 'F999999999', packageName: 'unrelated-synonyms', packageType: 'TXT-DICTIONARY' });
  return scenario;
}

type PackageProps = Omit<CustomPackageProps, 'source'> & { readonly file?: string; readonly associate?: boolean };

/** One package named `Synonyms` (a dictionary unless told otherwise), associated with the products domain; or none. */
function packageStack(props: PackageProps | undefined): StackArtifact {
  return synthesize((stack: Stack) => {
    // Keeps the stack from being empty once the package is removed.
    new PackageAssociation(stack, 'Unrelated', { domain: domainNamed(stack, ARCHIVE), packageId: 'F999999999', createOutput: false });
    if (!props) return;
    const { file = synonyms, associate = true, ...rest } = props;
    const pkg = new CustomPackage(stack, 'Synonyms', { packageName: NAME, ...rest, source: PackageSource.fromAsset(file) });
    if (associate) pkg.associateWith(domainNamed(stack, PRODUCTS), { createOutput: false });
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
  });
}

/** A plugin package, not associated (the emulator checks no plugin's content). */
const pluginProps = (overrides: Partial<PackageProps> = {}): PackageProps => ({
  file: path.join(plugins, 'plugin.zip'),
  packageName: 'lockbox',
  packageType: PackageType.ZIP_PLUGIN,
  engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
  configuration: { licenseRequirement: RequirementLevel.OPTIONAL, configurationRequirement: RequirementLevel.NONE },
  associate: false,
  ...overrides,
});

test('description: a new package version; DescribePackages shows it, and the domain moves to it', async () => {
  const { emulator, deployment } = await setUp();
  const { PackageId: packageId } = await deployment.deploy(packageStack({ description: 'Product synonyms' }));

  const outputs = await deployment.deploy(packageStack({ description: 'Product synonyms, reviewed' }));

  const described = await packageNamed(emulator, NAME);
  expect(described).toMatchObject({ PackageID: packageId, PackageDescription: 'Product synonyms, reviewed', AvailablePackageVersion: 'v2' });
  expect(outputs.Version).toBe('v2');
  expect((await listedOn(emulator, PRODUCTS)).get(packageId)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v2' });
});

test('commitMessage alone: nothing asked; the package stays at its version until the next file', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(packageStack({ commitMessage: 'first list' }));
  emulator.clearCalls();

  await deployment.deploy(packageStack({ commitMessage: 'renamed message' }));

  expect(emulator.callsTo('UpdatePackage')).toEqual([]);
  expect((await packageNamed(emulator, NAME)).AvailablePackageVersion).toBe('v1');
});

test('packageName: a replacement; the new package is AVAILABLE and associated, then the old one is dissociated and deleted', async () => {
  const { emulator, deployment } = await setUp();
  const { PackageId: oldId } = await deployment.deploy(packageStack({}));

  const { PackageId: newId } = await deployment.deploy(packageStack({ packageName: 'catalog-synonyms' }));

  expect(newId).not.toBe(oldId);
  expect(await packagesNamed(emulator, NAME)).toEqual([]);
  expect((await packageNamed(emulator, 'catalog-synonyms')).PackageStatus).toBe('AVAILABLE');
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [newId]: 'ACTIVE' });
});

test.each([
  ['packageType', { packageType: PackageType.PACKAGE_CONFIG, engineVersion: undefined, configuration: undefined }, 'PackageType and EngineVersion'],
  ['engineVersion', { engineVersion: opensearch.EngineVersion.openSearch('2.17') }, 'EngineVersion'],
  ['vending', { vending: true }, 'VendingEnabled'],
])('%s without a new packageName: refused at deploy, naming packageName; the package stays as it was', async (_name, change, field) => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(packageStack(pluginProps()));
  const before = await packageNamed(emulator, 'lockbox');

  const error = await failureOf(deployment.deploy(packageStack(pluginProps(change))));

  expect(Object.values(error.reasons).join('\n')).toContain(`Changing ${field} replaces package lockbox (${before.PackageID}), and the new package `
    + 'needs a new packageName');
  expect(await packageNamed(emulator, 'lockbox')).toEqual(before);
});

test('plugin configuration and encryption key: a new package version carrying them', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(packageStack(pluginProps()));

  await deployment.deploy(synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'Unrelated', { domain: domainNamed(stack, ARCHIVE), packageId: 'F999999999', createOutput: false });
    const { file, associate: _associate, ...rest } = pluginProps({
      configuration: { licenseRequirement: RequirementLevel.REQUIRED, configurationRequirement: RequirementLevel.OPTIONAL },
    });
    new CustomPackage(stack, 'Synonyms', { ...rest, source: PackageSource.fromAsset(file!), encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
  }));

  expect(await packageNamed(emulator, 'lockbox')).toMatchObject({
    AvailablePackageVersion: 'v2',
    AvailablePackageConfiguration: { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'OPTIONAL' },
    PackageEncryptionOptions: { EncryptionEnabled: true, KmsKeyIdentifier: KEY_ARN },
  });
});

test('timeout and removalPolicy: in place, nothing asked; RETAIN then keeps the package when removed from the stack', async () => {
  const { emulator, deployment } = await setUp();
  const { PackageId: packageId } = await deployment.deploy(packageStack({ associate: false }));
  emulator.clearCalls();

  await deployment.deploy(packageStack({ associate: false, timeout: Duration.minutes(50), removalPolicy: RemovalPolicy.RETAIN }));
  expect(emulator.calls.filter((call) => /Package$/.test(call.operation) && call.operation !== 'DescribePackages')).toEqual([]);

  await deployment.deploy(packageStack(undefined));
  expect(await packageNamed(emulator, NAME)).toMatchObject({ PackageID: packageId, PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' });
  expect(emulator.callsTo('DeletePackage')).toEqual([]);
});

test('look-up by name: another name is a new look-up; the association moves to that package and nothing is deleted', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({ packageId: 'F100000001', packageName: 'stopwords-en', packageType: 'TXT-DICTIONARY' });
  emulator.addPackage({ packageId: 'F100000002', packageName: 'stopwords-de', packageType: 'TXT-DICTIONARY' });
  const lookupStack = (packageName: string) => synthesize((stack: Stack) => {
    CustomPackage.fromPackageName(stack, 'Stopwords', packageName).associateWith(domainNamed(stack, PRODUCTS), { outputName: 'StopwordsPath' });
  });
  await deployment.deploy(lookupStack('stopwords-en'));

  const outputs = await deployment.deploy(lookupStack('stopwords-de'));

  expect(outputs.StopwordsPath).toBe('analyzers/F100000002');
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ F100000002: 'ACTIVE' });
  expect((await packageNamed(emulator, 'stopwords-en')).PackageStatus).toBe('AVAILABLE');
  expect(emulator.callsTo('DeletePackage')).toEqual([]);
});
