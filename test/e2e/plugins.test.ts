import * as path from 'path';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { closeScenario, domainNamed, E2E_TIME_SCALE, jumpingClock, removeAssemblies, Scenario, startScenario, synthesize } from './harness';
import { ScaledClock } from '../../local/deploy';
import type { DeploymentError } from '../../local/deploy';
import { CustomPackage, PackageAssociation, PackageProvider, PackageSource, PackageType, Requirement } from '../../src';

/**
 * The README's third-party plugin example end to end (issue 17): a plugin, its license and its
 * configuration created, associated in the documented order (the plugin first, the prerequisite of
 * the others) and dissociated in reverse on destroy, against the emulator over HTTP.
 */

const DOMAIN = 'products';

jest.setTimeout(60_000);

let scenario: Scenario | undefined;
/** A stand-in plugin, its license and its configuration (the emulator checks no plugin's content). */
const files = path.join(__dirname, '..', 'fixtures', 'plugin');

afterEach(async () => closeScenario(scenario));
afterAll(removeAssemblies);

async function setUp(options: Parameters<typeof startScenario>[0] = {}): Promise<Scenario> {
  scenario = await startScenario(options);
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  return scenario;
}

interface StackOptions {
  /** Associate the license without naming the plugin as its prerequisite. */
  readonly licenseWithoutPrerequisite?: boolean;
  readonly timeout?: Duration;
}

/** The README's "Plugins" example. */
function thirdPartyStack(options: StackOptions = {}) {
  return synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    const domain = domainNamed(stack, DOMAIN);
    const plugin = new CustomPackage(stack, 'Plugin', {
      source: PackageSource.fromAsset(path.join(files, 'plugin.zip')),
      packageType: PackageType.ZIP_PLUGIN,
      packageName: 'lockbox',
      engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
      configuration: { licenseRequirement: Requirement.REQUIRED, configurationRequirement: Requirement.REQUIRED },
      vending: false,
    });
    const license = new CustomPackage(stack, 'License', {
      source: PackageSource.fromAsset(path.join(files, 'license.json')),
      packageType: PackageType.PACKAGE_LICENSE,
      packageName: 'lockbox-license',
    });
    const config = new CustomPackage(stack, 'Config', {
      source: PackageSource.fromAsset(path.join(files, 'config.zip')),
      packageType: PackageType.PACKAGE_CONFIG,
      packageName: 'lockbox-config',
    });
    const keyAccess = iam.Role.fromRoleArn(stack, 'KeyAccess', 'arn:aws:iam::123456789012:role/lockbox-key-access');
    plugin.associateWith(domain, { createOutput: false, timeout: options.timeout });
    license.associateWith(domain, { createOutput: false, prerequisites: options.licenseWithoutPrerequisite ? [] : [plugin] });
    config.associateWith(domain, { createOutput: false, prerequisites: [plugin], keyStoreAccess: { role: keyAccess } });
    new CfnOutput(stack, 'PluginId', { value: plugin.packageId });
    new CfnOutput(stack, 'LicenseId', { value: license.packageId });
    new CfnOutput(stack, 'ConfigId', { value: config.packageId });
  });
}

function errorOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}

test('plugin, license and configuration: associated plugin first, dissociated in reverse on destroy', async () => {
  const { emulator, deployment } = await setUp();

  const outputs = await deployment.deploy(thirdPartyStack());

  const { PluginId: plugin, LicenseId: license, ConfigId: config } = outputs;
  expect(emulator.packageDetails(plugin)).toMatchObject({
    PackageType: 'ZIP-PLUGIN',
    EngineVersion: 'OpenSearch_2.19',
    AvailablePackageConfiguration: { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'REQUIRED' },
    PackageVendingOptions: { VendingEnabled: false },
  });
  expect(emulator.association(DOMAIN, plugin)?.DomainPackageStatus).toBe('ACTIVE');
  expect(emulator.association(DOMAIN, license)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [plugin] });
  expect(emulator.association(DOMAIN, config)).toMatchObject({
    DomainPackageStatus: 'ACTIVE',
    PrerequisitePackageIDList: [plugin],
    AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: 'arn:aws:iam::123456789012:role/lockbox-key-access' } },
  });
  const associated = emulator.callsTo('AssociatePackage').filter((call) => call.status === 200).map((call) => call.pathParams.PackageID);
  expect(associated).toEqual([plugin, license, config]);

  await deployment.destroy();

  const dissociated = emulator.callsTo('DissociatePackage').filter((call) => call.status === 200).map((call) => call.pathParams.PackageID);
  expect(dissociated.indexOf(plugin)).toBe(dissociated.length - 1);
  expect(new Set(dissociated)).toEqual(new Set([plugin, license, config]));
  expect([plugin, license, config].map((id) => emulator.packageDetails(id))).toEqual([undefined, undefined, undefined]);
});

test('a license without its plugin as prerequisite fails with the service\'s reason', async () => {
  const { deployment } = await setUp();

  const error = await errorOf(deployment.deploy(thirdPartyStack({ licenseWithoutPrerequisite: true })));

  const reasons = Object.values(error.reasons);
  expect(reasons).toEqual([expect.stringContaining('of type PACKAGE-LICENSE needs its plugin (a ZIP-PLUGIN package) in PrerequisitePackageIDList')]);
});

test('a prerequisite that is not associated yet fails with the service\'s reason and the likely cause', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({ packageId: 'pkg-0a0a', packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
  emulator.addPackage({ packageId: 'pkg-1b1b', packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });

  const error = await errorOf(deployment.deploy(synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'License', { domain: domainNamed(stack, DOMAIN), packageId: 'pkg-1b1b', prerequisitePackageIds: ['pkg-0a0a'] });
  })));

  expect(Object.values(error.reasons)).toEqual([expect.stringContaining(
    `Prerequisite package pkg-0a0a is not associated with domain ${DOMAIN}. Associate it first. Likely cause: `
    + 'a prerequisite in PrerequisitePackageIDList may not be associated with the domain yet (the plugin comes first; its license and configuration name it)')]);
  expect(emulator.association(DOMAIN, 'pkg-1b1b')).toBeUndefined();
});

test('a plugin association past its timeout says what is still in progress, and the next deployment adopts it once ACTIVE', async () => {
  // The blue/green deployment runs until the test ends it; the association allows 2 s. RETAIN keeps the
  // rollback from dissociating it (a rollback's dissociation would be refused while the blue/green runs anyway).
  const blueGreen = 60 * 60_000;
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const { emulator, deployment } = await setUp({ time, clock: emulatorClock.now, associateDelayMs: blueGreen });
  emulator.addPackage({ packageId: 'pkg-0a0a', packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
  const stack = () => synthesize((s: Stack) => {
    PackageProvider.configure(s, { pollInterval: Duration.seconds(1) });
    new PackageAssociation(s, 'Plugin', {
      domain: domainNamed(s, DOMAIN), packageId: 'pkg-0a0a', timeout: Duration.seconds(2), removalPolicy: RemovalPolicy.RETAIN,
    });
  });

  const error = await errorOf(deployment.deploy(stack()));

  expect(Object.values(error.reasons)).toEqual([
    'Waited 2 seconds for package pkg-0a0a on domain products to become ACTIVE; it is still ASSOCIATING. The service goes on with it '
    + '(for a plugin, a blue/green deployment of the domain): a later deployment adopts the association once it is ACTIVE. '
    + 'Raise timeout (at most 1 hour) if it needs longer',
  ]);
  expect(emulator.association(DOMAIN, 'pkg-0a0a')?.DomainPackageStatus).toBe('ASSOCIATING');

  emulatorClock.jump(blueGreen);
  await deployment.deploy(stack());

  // The second AssociatePackage met the ACTIVE association and adopted it.
  expect(emulator.callsTo('AssociatePackage').map((call) => call.errorType ?? call.status)).toEqual([200, 'ConflictException']);
  expect(emulator.association(DOMAIN, 'pkg-0a0a')?.DomainPackageStatus).toBe('ACTIVE');
});
