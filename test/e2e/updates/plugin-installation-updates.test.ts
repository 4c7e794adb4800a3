import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { failureOf, listedOn, statusesOn } from './service-view';
import type { StackArtifact } from '../../../local/deploy';
import { CustomPackage, PackageAssociation, PluginInstallation } from '../../../src';
import { domainNamed, Scenario, startScenario, synthesize } from '../harness';

/**
 * The update table's rows for PluginInstallation (docs/updates.md): deploy, change one property,
 * deploy again, then read what the service lists. The plugin requires a license and takes an
 * optional configuration (its PackageConfiguration, as DescribePackages shows it).
 */

const PRODUCTS = 'products';
const CATALOG = 'catalog';
/** Holds an association that keeps the stack from being empty once the installation is removed. */
const ARCHIVE = 'archive';
const PLUGIN = 'pkg-0a0a';
const LICENSE = 'pkg-1b1b';
const CONFIG = 'pkg-2c2c';
const NEW_LICENSE = 'pkg-3d3d';
const OTHER_PLUGIN = 'pkg-4e4e';
const ROLE = 'arn:aws:iam::123456789012:role/lockbox-key-access';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/lockbox-key-access-2';
const INSTALLATION_TYPE = 'Custom::OpenSearchPackageAssociationBatch';

jest.setTimeout(60_000);

async function setUp(): Promise<Scenario> {
  const scenario = await startScenario();
  const { emulator } = scenario;
  for (const domain of [PRODUCTS, CATALOG, ARCHIVE]) emulator.addDomain(domain, { engineVersion: 'OpenSearch_2.19' });
  const configuration = { LicenseRequirement: 'REQUIRED' as const, ConfigurationRequirement: 'OPTIONAL' as const };
  for (const [packageId, packageName] of [[PLUGIN, 'lockbox'], [OTHER_PLUGIN, 'lockbox-next']]) {
    emulator.addPackage({ packageId, packageName, packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19', plugin: { configuration } });
  }
  emulator.addPackage({ packageId: LICENSE, packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
  emulator.addPackage({ packageId: NEW_LICENSE, packageName: 'lockbox-license-2026', packageType: 'PACKAGE-LICENSE' });
  emulator.addPackage({ packageId: CONFIG, packageName: 'lockbox-config', packageType: 'PACKAGE-CONFIG' });
  return scenario;
}

interface Installed {
  readonly domainName?: string;
  readonly plugin?: string;
  readonly license?: string;
  readonly configuration?: string;
  readonly roleArn?: string;
  readonly timeout?: Duration;
  readonly removalPolicy?: RemovalPolicy;
}

/** One installation named `Lockbox`, so every deployment updates the same resource; or none, when `installed` is undefined. */
function installationStack(installed: Installed | undefined): StackArtifact {
  return synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'Unrelated', { domain: domainNamed(stack, ARCHIVE), packageId: 'F999999999', createOutput: false });
    if (!installed) return;
    const byId = (id: string) => CustomPackage.fromPackageId(stack, `Package-${id}`, id);
    new PluginInstallation(stack, 'Lockbox', {
      domain: domainNamed(stack, installed.domainName ?? PRODUCTS),
      plugin: byId(installed.plugin ?? PLUGIN),
      license: installed.license ? byId(installed.license) : undefined,
      configuration: installed.configuration ? byId(installed.configuration) : undefined,
      keyStoreAccessRole: installed.roleArn ? iam.Role.fromRoleArn(stack, 'KeyAccess', installed.roleArn) : undefined,
      timeout: installed.timeout,
      removalPolicy: installed.removalPolicy,
    });
  });
}

function installationId(artifact: StackArtifact): string {
  return Object.keys(artifact.template.Resources).find((id) => artifact.template.Resources[id].Type === INSTALLATION_TYPE)!;
}

async function deployed(installed: Installed) {
  const s = await setUp();
  s.emulator.addPackage({ packageId: 'F999999999', packageName: 'unrelated-synonyms', packageType: 'TXT-DICTIONARY' });
  const artifact = installationStack(installed);
  await s.deployment.deploy(artifact);
  const pluginBefore = (await listedOn(s.emulator, installed.domainName ?? PRODUCTS)).get(installed.plugin ?? PLUGIN);
  expect(pluginBefore?.DomainPackageStatus).toBe('ACTIVE');
  s.emulator.clearCalls();
  return { ...s, logicalId: installationId(artifact), pluginBefore };
}

const reasonsOf = async (promise: Promise<unknown>) => Object.values((await failureOf(promise)).reasons).join('\n');

test('configuration added: associated alone, naming the plugin; the plugin stays as it was, under the same physical id', async () => {
  const { emulator, deployment, logicalId, pluginBefore } = await deployed({ license: LICENSE });
  const physicalId = deployment.physicalId(logicalId);

  await deployment.deploy(installationStack({ license: LICENSE, configuration: CONFIG }));

  const listed = await listedOn(emulator, PRODUCTS);
  expect(listed.get(CONFIG)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
  expect(listed.get(LICENSE)?.DomainPackageStatus).toBe('ACTIVE');
  expect(listed.get(PLUGIN)).toEqual(pluginBefore);
  expect(deployment.physicalId(logicalId)).toBe(physicalId);
  expect(physicalId).toBe(`opensearch-package-association-batch:${PRODUCTS}:${PLUGIN}`);
  expect(emulator.calls.filter((call) => /^Dissociate/.test(call.operation))).toEqual([]);
});

test('configuration removed (OPTIONAL): dissociated alone; the plugin and its license stay', async () => {
  const { emulator, deployment, pluginBefore } = await deployed({ license: LICENSE, configuration: CONFIG });

  await deployment.deploy(installationStack({ license: LICENSE }));

  const listed = await listedOn(emulator, PRODUCTS);
  expect(listed.has(CONFIG)).toBe(false);
  expect(listed.get(LICENSE)?.DomainPackageStatus).toBe('ACTIVE');
  expect(listed.get(PLUGIN)).toEqual(pluginBefore);
  expect(emulator.callsTo('DissociatePackages').map((call) => (call.body as { PackageList: unknown }).PackageList)).toEqual([[CONFIG]]);
});

test('license removed while the plugin REQUIRES one: refused at deploy, naming the way; the service keeps it', async () => {
  const { emulator, deployment, pluginBefore } = await deployed({ license: LICENSE, configuration: CONFIG });

  const reasons = await reasonsOf(deployment.deploy(installationStack({ configuration: CONFIG })));

  expect(reasons).toContain(`Can't remove PACKAGE-LICENSE package ${LICENSE} from the installation of plugin ${PLUGIN} on domain ${PRODUCTS}: `
    + 'the plugin requires one (LicenseRequirement REQUIRED). Give the installation another PACKAGE-LICENSE package in its place');
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [PLUGIN]: 'ACTIVE', [LICENSE]: 'ACTIVE', [CONFIG]: 'ACTIVE' });
  expect((await listedOn(emulator, PRODUCTS)).get(PLUGIN)).toEqual(pluginBefore);
});

test('license replaced by another: the new one is ACTIVE before the old one leaves; the plugin stays as it was', async () => {
  const { emulator, deployment, pluginBefore } = await deployed({ license: LICENSE });

  await deployment.deploy(installationStack({ license: NEW_LICENSE }));

  const listed = await listedOn(emulator, PRODUCTS);
  expect(listed.get(NEW_LICENSE)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
  expect(listed.has(LICENSE)).toBe(false);
  expect(listed.get(PLUGIN)).toEqual(pluginBefore);
  const changes = emulator.calls.filter((call) => /ssociatePackages?$/.test(call.operation) && call.status === 200)
    .map((call) => [call.operation, (call.body as { PackageList: unknown }).PackageList]);
  expect(changes).toEqual([
    ['AssociatePackages', [{ PackageID: NEW_LICENSE, PrerequisitePackageIDList: [PLUGIN] }]],
    ['DissociatePackages', [LICENSE]],
  ]);
});

test('keyStoreAccessRole changed: refused at deploy, naming the way; the service keeps the old role', async () => {
  const { emulator, deployment, pluginBefore } = await deployed({ license: LICENSE, roleArn: ROLE });

  const reasons = await reasonsOf(deployment.deploy(installationStack({ license: LICENSE, roleArn: OTHER_ROLE })));

  expect(reasons).toContain(`Can't change the key-store access of plugin ${PLUGIN} on domain ${PRODUCTS} from ${ROLE} to ${OTHER_ROLE} in place`);
  expect(reasons).toContain('Remove the installation, deploy, then add it back with the new keyStoreAccessRole');
  expect((await listedOn(emulator, PRODUCTS)).get(PLUGIN)).toEqual(pluginBefore);
  expect(pluginBefore?.AssociationConfiguration).toEqual({ KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE } });
});

test('domain changed: a replacement; the new domain lists all ACTIVE, then the old one lists none', async () => {
  const { emulator, deployment } = await deployed({ license: LICENSE, configuration: CONFIG });

  await deployment.deploy(installationStack({ domainName: CATALOG, license: LICENSE, configuration: CONFIG }));

  expect(await statusesOn(emulator, CATALOG)).toEqual({ [PLUGIN]: 'ACTIVE', [LICENSE]: 'ACTIVE', [CONFIG]: 'ACTIVE' });
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({});
});

test('plugin changed while its license stays: refused at deploy, naming the way; the service keeps the installation', async () => {
  const { emulator, deployment } = await deployed({ license: LICENSE });

  const reasons = await reasonsOf(deployment.deploy(installationStack({ plugin: OTHER_PLUGIN, license: LICENSE })));

  expect(reasons).toContain(`Refusing to replace the installation of plugin ${PLUGIN} on domain ${PRODUCTS} with one of plugin ${OTHER_PLUGIN}: `
    + `the new installation keeps ${LICENSE}`);
  expect(reasons).toContain('Give the new plugin its own license and configuration packages, or remove the installation, deploy, and add it back');
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [PLUGIN]: 'ACTIVE', [LICENSE]: 'ACTIVE' });
});

test('plugin changed with its own license: a replacement; the new pair is ACTIVE, then the old one is gone', async () => {
  const { emulator, deployment } = await deployed({ license: LICENSE });

  await deployment.deploy(installationStack({ plugin: OTHER_PLUGIN, license: NEW_LICENSE }));

  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [OTHER_PLUGIN]: 'ACTIVE', [NEW_LICENSE]: 'ACTIVE' });
});

test('timeout and removalPolicy: in place, nothing asked; RETAIN then keeps the installation when removed from the stack', async () => {
  const { emulator, deployment, pluginBefore } = await deployed({ license: LICENSE });

  await deployment.deploy(installationStack({ license: LICENSE, timeout: Duration.minutes(50), removalPolicy: RemovalPolicy.RETAIN }));
  expect(emulator.calls.filter((call) => /ssociatePackages?$/.test(call.operation))).toEqual([]);

  await deployment.deploy(installationStack(undefined));
  const listed = await listedOn(emulator, PRODUCTS);
  expect(listed.get(PLUGIN)).toEqual(pluginBefore);
  expect(listed.get(LICENSE)?.DomainPackageStatus).toBe('ACTIVE');
  expect(emulator.calls.filter((call) => /^Dissociate/.test(call.operation))).toEqual([]);
});
