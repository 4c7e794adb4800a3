/**
 * The emulator's plugin rules (local/emulator/api/plugins.ts): prerequisites, the blue/green change of a plugin
 * association, license/config requirements, the plugin fields' round trip, and the batch operations.
 */
import {
  AssociatePackageCommand, AssociatePackagesCommand, CreatePackageCommand, DescribeDomainCommand, DescribePackagesCommand,
  DissociatePackageCommand, DissociatePackagesCommand, OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { Emulator, startEmulator } from '../../local/emulator';
import type { RequirementLevel } from '../../local/emulator/api/model';

const DOMAIN = 'my-domain';
const PLUGIN = 'pkg-0a0a';
const LICENSE = 'pkg-1b1b';
const CONFIG = 'pkg-2c2c';
const DELAY = 80;

let emu: Emulator;
let client: OpenSearchClient;
/** The emulator's clock, moved by the tests: no state change depends on how fast a loaded machine runs them. */
let now = 0;

const sleep = async (ms: number) => { now += ms; };

function addThirdParty(configuration: { LicenseRequirement: RequirementLevel; ConfigurationRequirement: RequirementLevel } = { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'REQUIRED' }) {
  emu.addPackage({ packageId: PLUGIN, packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19', plugin: { configuration } });
  emu.addPackage({ packageId: LICENSE, packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
  emu.addPackage({ packageId: CONFIG, packageName: 'lockbox-config', packageType: 'PACKAGE-CONFIG' });
}

beforeEach(async () => {
  now = Date.now();
  emu = await startEmulator({ associateDelayMs: DELAY, dissociateDelayMs: DELAY, clock: () => now });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emu.stop();
});

const associate = (packageId: string, prerequisites?: string[]) =>
  client.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: packageId, PrerequisitePackageIDList: prerequisites }));

describe('prerequisites (single AssociatePackage)', () => {
  test('a license whose plugin is not associated yet is refused, naming the plugin', async () => {
    addThirdParty();
    await expect(associate(LICENSE, [PLUGIN])).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Prerequisite package ${PLUGIN} is not associated with domain ${DOMAIN}. Associate it first.`,
    });
  });

  test('plugin first, then license and config naming it, reach ACTIVE and list their prerequisites', async () => {
    addThirdParty();
    await associate(PLUGIN);
    await sleep(DELAY + 20);
    await associate(LICENSE, [PLUGIN]);
    await sleep(DELAY + 20);
    await associate(CONFIG, [PLUGIN]);
    await sleep(DELAY + 20);
    expect(emu.association(DOMAIN, LICENSE)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
    expect(emu.association(DOMAIN, CONFIG)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
  });

  test('a license without its plugin as prerequisite is refused (our stricter choice)', async () => {
    addThirdParty();
    await expect(associate(LICENSE)).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Package ${LICENSE} of type PACKAGE-LICENSE needs its plugin (a ZIP-PLUGIN package) in PrerequisitePackageIDList.`,
    });
  });

  test('a license for a plugin whose LicenseRequirement is NONE is refused (our stricter choice)', async () => {
    addThirdParty({ LicenseRequirement: 'NONE' as never, ConfigurationRequirement: 'REQUIRED' });
    await associate(PLUGIN);
    await sleep(DELAY + 20);
    await expect(associate(LICENSE, [PLUGIN])).rejects.toMatchObject({ message: `Plugin ${PLUGIN} takes no PACKAGE-LICENSE package (its LicenseRequirement is NONE).` });
  });

  test('an unknown prerequisite is ResourceNotFoundException', async () => {
    addThirdParty();
    await expect(associate(LICENSE, ['pkg-ffff'])).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('a plugin built for another engine is refused (our stricter choice)', async () => {
    emu.addPackage({ packageId: PLUGIN, packageName: 'old', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.17' });
    await expect(associate(PLUGIN)).rejects.toMatchObject({ message: `Plugin ${PLUGIN} is built for OpenSearch_2.17, but domain ${DOMAIN} runs OpenSearch_2.19.` });
  });
});

describe('a plugin association is a blue/green change', () => {
  test('DescribeDomain shows processing and other package operations are refused until it ends', async () => {
    addThirdParty();
    emu.addPackage({ packageId: 'F123456789', packageName: 'synonyms' });
    await associate(PLUGIN);

    const during = (await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus;
    expect(during).toMatchObject({ Processing: true, DomainProcessingStatus: 'Modifying' });
    await expect(associate('F123456789')).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('in progress') });

    await sleep(DELAY + 20);
    expect((await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus?.Processing).toBe(false);
    await associate('F123456789');
  });

  test('a dictionary association is no blue/green change', async () => {
    emu.addPackage({ packageId: 'F123456789', packageName: 'synonyms' });
    await associate('F123456789');
    expect((await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus?.Processing).toBe(false);
  });
});

describe('AssociatePackages / DissociatePackages', () => {
  const batch = (list: Array<{ PackageID: string; PrerequisitePackageIDList?: string[] }>) =>
    client.send(new AssociatePackagesCommand({ DomainName: DOMAIN, PackageList: list }));

  test('plugin, license and config go in one call, the plugin prerequisite of the others, as the third-party page shows', async () => {
    addThirdParty();
    const { DomainPackageDetailsList: list } = await batch([
      { PackageID: PLUGIN },
      { PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] },
      { PackageID: CONFIG, PrerequisitePackageIDList: [PLUGIN] },
    ]);
    expect(list?.map((d) => d.DomainPackageStatus)).toEqual(['ASSOCIATING', 'ASSOCIATING', 'ASSOCIATING']);
    await sleep(DELAY + 20);
    expect([PLUGIN, LICENSE, CONFIG].map((id) => emu.association(DOMAIN, id)?.DomainPackageStatus)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);

    // Dissociating the plugin also removes its license and configuration (custom plugins page).
    await client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PLUGIN }));
    expect(emu.association(DOMAIN, LICENSE)?.DomainPackageStatus).toBe('DISSOCIATING');
    await sleep(DELAY + 20);
    expect([PLUGIN, LICENSE, CONFIG].map((id) => emu.association(DOMAIN, id))).toEqual([undefined, undefined, undefined]);
  });

  test('a plugin whose license is REQUIRED is refused in a batch without it (our stricter choice)', async () => {
    addThirdParty();
    await expect(batch([{ PackageID: PLUGIN }, { PackageID: CONFIG, PrerequisitePackageIDList: [PLUGIN] }]))
      .rejects.toMatchObject({ name: 'ValidationException', message: `Plugin ${PLUGIN} requires a PACKAGE-LICENSE package associated with it in the same request.` });
    expect(emu.association(DOMAIN, PLUGIN)).toBeUndefined();
  });

  test('DissociatePackages removes every package in one change', async () => {
    addThirdParty();
    for (const id of [PLUGIN, LICENSE, CONFIG]) emu.addAssociation({ domainName: DOMAIN, packageId: id });
    await client.send(new DissociatePackagesCommand({ DomainName: DOMAIN, PackageList: [CONFIG, LICENSE, PLUGIN] }));
    await sleep(DELAY + 20);
    expect([PLUGIN, LICENSE, CONFIG].map((id) => emu.association(DOMAIN, id))).toEqual([undefined, undefined, undefined]);
  });
});

describe('plugin fields round trip', () => {
  test('CreatePackage keeps encryption and vending, and DescribePackages shows them', async () => {
    const { PackageDetails: created } = await client.send(new CreatePackageCommand({
      PackageName: 'lockbox',
      PackageType: 'ZIP-PLUGIN',
      EngineVersion: 'OpenSearch_2.19',
      PackageSource: { S3BucketName: 'bucket', S3Key: 'plugin.zip' },
      PackageConfiguration: { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'NONE', LicenseFilepath: 'license.json' },
      PackageEncryptionOptions: { EncryptionEnabled: true, KmsKeyIdentifier: 'alias/plugins' },
      PackageVendingOptions: { VendingEnabled: false },
    }));
    const { PackageDetailsList: [described] = [] } = await client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: [created!.PackageID!] }] }));
    expect(described).toMatchObject({
      PackageEncryptionOptions: { EncryptionEnabled: true, KmsKeyIdentifier: 'alias/plugins' },
      PackageVendingOptions: { VendingEnabled: false },
    });
    // The configuration is the version's: it shows once a version is AVAILABLE (test/emulator/package-versions.test.ts).
    expect(described.AvailablePackageConfiguration).toBeUndefined();
  });
});

describe('changing what is installed (our choices where the docs are silent)', () => {
  const batch = (list: Array<{ PackageID: string; PrerequisitePackageIDList?: string[] }>) =>
    client.send(new AssociatePackagesCommand({ DomainName: DOMAIN, PackageList: list }));
  const ROLE = 'arn:aws:iam::123456789012:role/first';
  const OTHER_ROLE = 'arn:aws:iam::123456789012:role/second';
  const withRole = (role: string) => ({ KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: role } });

  test('AssociatePackage on an ACTIVE association at the available version is refused, and its key-store access stays', async () => {
    addThirdParty({ LicenseRequirement: 'OPTIONAL', ConfigurationRequirement: 'OPTIONAL' });
    await client.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PLUGIN, AssociationConfiguration: withRole(ROLE) }));
    await sleep(DELAY + 20);
    await expect(client.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PLUGIN, AssociationConfiguration: withRole(OTHER_ROLE) })))
      .rejects.toMatchObject({ name: 'ConflictException', message: 'Package is already in desired state' });
    expect(emu.association(DOMAIN, PLUGIN)?.AssociationConfiguration).toEqual(withRole(ROLE));
  });

  test('AssociatePackages with an entry already ACTIVE at its version is refused, and nothing changes', async () => {
    addThirdParty({ LicenseRequirement: 'OPTIONAL', ConfigurationRequirement: 'OPTIONAL' });
    emu.addAssociation({ domainName: DOMAIN, packageId: PLUGIN });
    await expect(client.send(new AssociatePackagesCommand({
      DomainName: DOMAIN,
      PackageList: [{ PackageID: PLUGIN }, { PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] }],
    }))).rejects.toMatchObject({ name: 'ConflictException', message: `Package ${PLUGIN} is already in desired state` });
    expect(emu.association(DOMAIN, LICENSE)).toBeUndefined();
    expect(emu.association(DOMAIN, PLUGIN)?.DomainPackageStatus).toBe('ACTIVE');
  });

  test('a license joins an installed plugin alone, naming it, and the plugin stays as it was', async () => {
    addThirdParty({ LicenseRequirement: 'OPTIONAL', ConfigurationRequirement: 'OPTIONAL' });
    emu.addAssociation({ domainName: DOMAIN, packageId: PLUGIN });
    const before = emu.association(DOMAIN, PLUGIN);
    await batch([{ PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] }]);
    await sleep(DELAY + 20);
    expect(emu.association(DOMAIN, LICENSE)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PrerequisitePackageIDList: [PLUGIN] });
    expect(emu.association(DOMAIN, PLUGIN)).toEqual(before);
  });

  test('an OPTIONAL configuration leaves alone; the plugin and its license stay', async () => {
    addThirdParty({ LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'OPTIONAL' });
    emu.addAssociation({ domainName: DOMAIN, packageId: PLUGIN });
    await client.send(new AssociatePackagesCommand({
      DomainName: DOMAIN,
      PackageList: [{ PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] }, { PackageID: CONFIG, PrerequisitePackageIDList: [PLUGIN] }],
    }));
    await sleep(DELAY + 20);
    await client.send(new DissociatePackagesCommand({ DomainName: DOMAIN, PackageList: [CONFIG] }));
    await sleep(DELAY + 20);
    expect([PLUGIN, LICENSE, CONFIG].map((id) => emu.association(DOMAIN, id)?.DomainPackageStatus)).toEqual(['ACTIVE', 'ACTIVE', undefined]);
  });

  test('a REQUIRED license can leave alone too, and another may take its place first; the plugin stays ACTIVE', async () => {
    addThirdParty({ LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'OPTIONAL' });
    emu.addPackage({ packageId: 'pkg-3d3d', packageName: 'lockbox-license-2', packageType: 'PACKAGE-LICENSE' });
    emu.addAssociation({ domainName: DOMAIN, packageId: PLUGIN });
    await batch([{ PackageID: LICENSE, PrerequisitePackageIDList: [PLUGIN] }]);
    await sleep(DELAY + 20);
    await associate('pkg-3d3d', [PLUGIN]);
    await sleep(DELAY + 20);
    await client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: LICENSE }));
    expect((await client.send(new DescribeDomainCommand({ DomainName: DOMAIN }))).DomainStatus?.Processing).toBe(false);
    await sleep(DELAY + 20);
    expect([PLUGIN, LICENSE, 'pkg-3d3d'].map((id) => emu.association(DOMAIN, id)?.DomainPackageStatus)).toEqual(['ACTIVE', undefined, 'ACTIVE']);

    await client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: 'pkg-3d3d' }));
    await sleep(DELAY + 20);
    expect([PLUGIN, 'pkg-3d3d'].map((id) => emu.association(DOMAIN, id)?.DomainPackageStatus)).toEqual(['ACTIVE', undefined]);
  });
});
