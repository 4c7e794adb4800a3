import * as path from 'path';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { domainNamed, startScenario, synthesize } from './harness';
import type { DeploymentError } from '../../local/deploy';
import { CustomPackage, PackageProvider, PackageSource, PackageType, PluginInstallation, RequirementLevel } from '../../src';

/**
 * The README's third-party plugin example installed in one batch: the plugin, its license
 * and its configuration go to the domain in ONE AssociatePackages call and leave it in ONE
 * DissociatePackages call, against the emulator over HTTP.
 */

const DOMAIN = 'products';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/lockbox-key-access';

jest.setTimeout(60_000);

/** A stand-in plugin, its license and its configuration (the emulator checks no plugin's content). */
const files = path.join(__dirname, '..', 'fixtures', 'plugin');

function installationStack() {
  return synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    const domain = domainNamed(stack, DOMAIN);
    const plugin = new CustomPackage(stack, 'Plugin', {
      source: PackageSource.fromAsset(path.join(files, 'plugin.zip')),
      packageType: PackageType.ZIP_PLUGIN,
      packageName: 'lockbox',
      engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
      configuration: { licenseRequirement: RequirementLevel.REQUIRED, configurationRequirement: RequirementLevel.REQUIRED },
    });
    const license = new CustomPackage(stack, 'License', {
      source: PackageSource.fromAsset(path.join(files, 'license.json')),
      packageType: PackageType.PACKAGE_LICENSE,
      packageName: 'lockbox-license',
    });
    const configuration = new CustomPackage(stack, 'Config', {
      source: PackageSource.fromAsset(path.join(files, 'config.zip')),
      packageType: PackageType.PACKAGE_CONFIG,
      packageName: 'lockbox-config',
    });
    const role = iam.Role.fromRoleArn(stack, 'KeyAccess', ROLE_ARN);
    new PluginInstallation(stack, 'Lockbox', { domain, plugin, license, configuration, keyStoreAccessRole: role });
    new CfnOutput(stack, 'PluginId', { value: plugin.packageId });
    new CfnOutput(stack, 'LicenseId', { value: license.packageId });
    new CfnOutput(stack, 'ConfigId', { value: configuration.packageId });
  });
}

test('plugin, license and configuration: one AssociatePackages on deploy, one DissociatePackages on destroy', async () => {
  const scenario = await startScenario();
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  const { emulator, deployment } = scenario;

  const { PluginId: plugin, LicenseId: license, ConfigId: config } = await deployment.deploy(installationStack());

  expect(emulator.callsTo('AssociatePackage')).toEqual([]);
  const batches = emulator.callsTo('AssociatePackages').filter((call) => call.status === 200);
  expect(batches).toHaveLength(1);
  expect(emulator.association(DOMAIN, plugin)).toMatchObject({
    DomainPackageStatus: 'ACTIVE',
    AssociationConfiguration: { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE_ARN } },
  });
  expect(emulator.association(DOMAIN, license)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [plugin] });
  expect(emulator.association(DOMAIN, config)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [plugin] });

  await deployment.destroy();

  expect(emulator.callsTo('DissociatePackage')).toEqual([]);
  expect(emulator.callsTo('DissociatePackages').filter((call) => call.status === 200)).toHaveLength(1);
  expect([plugin, license, config].map((id) => emulator.association(DOMAIN, id))).toEqual([undefined, undefined, undefined]);
  expect([plugin, license, config].map((id) => emulator.packageDetails(id))).toEqual([undefined, undefined, undefined]);
});

test('a license that fails to associate fails the batch with the service\'s ErrorDetails, and the rollback dissociates the rest', async () => {
  const scenario = await startScenario();
  const { emulator, deployment } = scenario;
  emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  emulator.addPackage({ packageId: 'pkg-0a0a', packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
  emulator.addPackage({ packageId: 'pkg-1b1b', packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
  emulator.faults.failAssociation({ domainName: DOMAIN, packageId: 'pkg-1b1b', errorType: 'LicenseError', errorMessage: 'The license has expired' });

  const error: DeploymentError = await deployment.deploy(synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    new PluginInstallation(stack, 'Lockbox', {
      domain: domainNamed(stack, DOMAIN),
      plugin: CustomPackage.fromPackageId(stack, 'Plugin', 'pkg-0a0a'),
      license: CustomPackage.fromPackageId(stack, 'License', 'pkg-1b1b'),
    });
  })).then(() => { throw new Error('expected the deployment to fail'); }, (e) => e);

  expect(Object.values(error.reasons)).toEqual([`Package pkg-1b1b on domain ${DOMAIN} is ASSOCIATION_FAILED: LicenseError: The license has expired`]);
  expect(emulator.callsTo('DissociatePackages').filter((call) => call.status === 200)).toHaveLength(1);
  expect(['pkg-0a0a', 'pkg-1b1b'].map((id) => emulator.association(DOMAIN, id))).toEqual([undefined, undefined]);
});
