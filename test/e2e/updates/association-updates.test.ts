import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { failureOf, listedOn, statusesOn } from './service-view';
import { PackageAssociation, PackageAssociationProps } from '../../../src';
import { domainNamed, Scenario, startScenario, synthesize } from '../harness';

/**
 * The update table's rows for PackageAssociation (docs/updates.md): deploy, change one property,
 * deploy again, then read what the service lists.
 */

const PRODUCTS = 'products';
const CATALOG = 'catalog';
const SYNONYMS = 'F111111111';
const STOPWORDS = 'F222222222';
const PLUGIN = 'pkg-0a0a';
const OTHER_PLUGIN = 'pkg-0b0b';
const CONFIG = 'pkg-1c1c';
const ROLE = 'arn:aws:iam::123456789012:role/key-access';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/other-key-access';

jest.setTimeout(60_000);

async function setUp(): Promise<Scenario> {
  const scenario = await startScenario();
  const { emulator } = scenario;
  for (const domain of [PRODUCTS, CATALOG]) emulator.addDomain(domain, { engineVersion: 'OpenSearch_2.19' });
  emulator.addPackage({ packageId: SYNONYMS, packageName: 'product-synonyms', packageType: 'TXT-DICTIONARY' });
  emulator.addPackage({ packageId: STOPWORDS, packageName: 'product-stopwords', packageType: 'TXT-DICTIONARY' });
  const optional = { configuration: { LicenseRequirement: 'OPTIONAL' as const, ConfigurationRequirement: 'OPTIONAL' as const } };
  emulator.addPackage({ packageId: PLUGIN, packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19', plugin: optional });
  emulator.addPackage({ packageId: OTHER_PLUGIN, packageName: 'namematch', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19', plugin: optional });
  emulator.addPackage({ packageId: CONFIG, packageName: 'lockbox-config', packageType: 'PACKAGE-CONFIG' });
  return scenario;
}

type Props = Omit<PackageAssociationProps, 'domain' | 'keyStoreAccessRole'> & { readonly domainName?: string; readonly roleArn?: string };

/** One association named `Association`, so every deployment updates the same resource. */
function associationStack(props: Props) {
  return synthesize((stack: Stack) => {
    const { domainName = PRODUCTS, roleArn, ...rest } = props;
    const keyStoreAccessRole = roleArn ? iam.Role.fromRoleArn(stack, 'KeyAccess', roleArn) : undefined;
    new PackageAssociation(stack, 'Association', { ...rest, domain: domainNamed(stack, domainName), keyStoreAccessRole, outputName: rest.outputName ?? 'ReferencePath' });
  });
}

/** The stack once the association is removed from it (another one keeps the stack from being empty). */
function emptyStack() {
  return synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'Other', { domain: domainNamed(stack, CATALOG), packageId: STOPWORDS, createOutput: false });
  });
}

test('domain: a replacement; the new domain lists the package ACTIVE, then the old one no longer lists it', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(associationStack({ packageId: SYNONYMS }));

  const outputs = await deployment.deploy(associationStack({ packageId: SYNONYMS, domainName: CATALOG }));

  expect(await statusesOn(emulator, CATALOG)).toEqual({ [SYNONYMS]: 'ACTIVE' });
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({});
  expect(outputs.ReferencePath).toBe(`analyzers/${SYNONYMS}`);
});

test('packageId: a replacement; the domain lists the new package ACTIVE and no longer the old one', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(associationStack({ packageId: SYNONYMS }));

  const outputs = await deployment.deploy(associationStack({ packageId: STOPWORDS }));

  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [STOPWORDS]: 'ACTIVE' });
  expect(outputs.ReferencePath).toBe(`analyzers/${STOPWORDS}`);
});

test('keyStoreAccessRole: refused while the domain lists the association, naming the way; the service keeps the old role', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(associationStack({ packageId: PLUGIN, roleArn: ROLE }));

  const error = await failureOf(deployment.deploy(associationStack({ packageId: PLUGIN, roleArn: OTHER_ROLE })));

  expect(Object.values(error.reasons).join('\n')).toContain(`Can't change keyStoreAccessRole from ${ROLE} to ${OTHER_ROLE} of package ${PLUGIN} `
    + `on domain ${PRODUCTS} in place (the association is ACTIVE)`);
  expect(Object.values(error.reasons).join('\n')).toContain('Remove the association from the stack, deploy, then add it back with the new settings');
  const plugin = (await listedOn(emulator, PRODUCTS)).get(PLUGIN);
  expect(plugin?.DomainPackageStatus).toBe('ACTIVE');
  expect(plugin?.AssociationConfiguration).toEqual({ KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: ROLE } });
  expect(emulator.callsTo('AssociatePackage').filter((call) => call.status === 200)).toHaveLength(1);

  // The way the message names: remove, deploy, add back with the new role.
  await deployment.deploy(emptyStack());
  await deployment.deploy(associationStack({ packageId: PLUGIN, roleArn: OTHER_ROLE }));
  expect((await listedOn(emulator, PRODUCTS)).get(PLUGIN)?.AssociationConfiguration)
    .toEqual({ KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: OTHER_ROLE } });
});

test('prerequisites: refused while the domain lists the association, naming the way; the service keeps the old list', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addAssociation({ domainName: PRODUCTS, packageId: PLUGIN });
  emulator.addAssociation({ domainName: PRODUCTS, packageId: OTHER_PLUGIN });
  await deployment.deploy(associationStack({ packageId: CONFIG, prerequisitePackageIds: [PLUGIN] }));

  const error = await failureOf(deployment.deploy(associationStack({ packageId: CONFIG, prerequisitePackageIds: [PLUGIN, OTHER_PLUGIN] })));

  expect(Object.values(error.reasons).join('\n')).toContain(`Can't change prerequisitePackageIds from ${PLUGIN} to ${PLUGIN},${OTHER_PLUGIN} `
    + `of package ${CONFIG} on domain ${PRODUCTS} in place`);
  const config = (await listedOn(emulator, PRODUCTS)).get(CONFIG);
  expect(config).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
});

test('timeout, outputName, createOutput and removalPolicy: in place, nothing asked of the service; RETAIN then keeps it when removed from the stack', async () => {
  const { emulator, deployment } = await setUp();
  const first = associationStack({ packageId: SYNONYMS });
  await deployment.deploy(first);
  const logicalId = Object.keys(first.template.Resources).find((id) => first.template.Resources[id].Type === 'Custom::OpenSearchPackageAssociation')!;
  emulator.clearCalls();

  const outputs = await deployment.deploy(associationStack({
    packageId: SYNONYMS, timeout: Duration.minutes(45), outputName: 'SynonymsPath', removalPolicy: RemovalPolicy.RETAIN,
  }));

  expect(outputs).toEqual({ SynonymsPath: `analyzers/${SYNONYMS}` });
  expect(emulator.calls.filter((call) => /ssociatePackage/.test(call.operation))).toEqual([]);
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [SYNONYMS]: 'ACTIVE' });
  expect(deployment.physicalId(logicalId)).toBe(`opensearch-package-association:${PRODUCTS}:${SYNONYMS}`);

  // The output goes, the association stays: createOutput decides a stack output, not the resource.
  const withoutOutput = await deployment.deploy(associationStack({
    packageId: SYNONYMS, timeout: Duration.minutes(45), createOutput: false, removalPolicy: RemovalPolicy.RETAIN,
  }));
  expect(withoutOutput).toEqual({});
  expect(emulator.calls.filter((call) => /ssociatePackage/.test(call.operation))).toEqual([]);
  expect(deployment.physicalId(logicalId)).toBe(`opensearch-package-association:${PRODUCTS}:${SYNONYMS}`);

  await deployment.deploy(emptyStack());
  expect(await statusesOn(emulator, PRODUCTS)).toEqual({ [SYNONYMS]: 'ACTIVE' });
  expect(emulator.callsTo('DissociatePackage')).toEqual([]);
});
