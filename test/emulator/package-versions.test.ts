/**
 * What the documentation says about a package's versions and owner, through the SDK: the Region quota
 * counts custom packages only, AWS-owned packages can't be updated or deleted, a package being deleted
 * can't be updated and one being updated can't be deleted, a version's configuration and plugin
 * properties show once that version is AVAILABLE.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CreatePackageCommand, DeletePackageCommand, DescribePackagesCommand, GetPackageVersionHistoryCommand, PackageDetails, UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { PKG, setup, SOURCE, stopEmulator, waitFor } from './sdk-setup';

afterEach(stopEmulator);

const PLUGIN_SOURCE = { S3BucketName: SOURCE.S3BucketName, S3Key: 'descriptor-plugin.zip' };
const PLUGIN_ZIP = readFileSync(path.join(__dirname, '..', 'fixtures', 'plugin', 'descriptor-plugin.zip'));

describe('the per-Region quota', () => {
  test('counts the account\'s packages, not the AWS-owned ones', async () => {
    const { emu, client } = await setup({ maxPackagesPerRegion: 2 });
    emu.addPackage({ packageId: 'G79602591', packageName: 'analysis-nori', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
    emu.addPackage({ packageId: 'G12345678', packageName: 'analysis-icu', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
    emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
    const create = (PackageName: string) => client.send(new CreatePackageCommand({ PackageName, PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE }));
    await expect(create('stopwords')).resolves.toMatchObject({ PackageDetails: { PackageName: 'stopwords' } });
    await expect(create('more-words')).rejects.toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 409 } });
  });
});

describe('AWS-owned packages', () => {
  test('UpdatePackage and DeletePackage are AccessDeniedException, and the package is unchanged', async () => {
    const { emu, client } = await setup();
    const before = emu.addPackage({ packageId: 'G79602591', packageName: 'analysis-nori', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
    await expect(client.send(new UpdatePackageCommand({ PackageID: 'G79602591', PackageSource: SOURCE })))
      .rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    await expect(client.send(new DeletePackageCommand({ PackageID: 'G79602591' })))
      .rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(emu.packageDetails('G79602591')).toEqual(before);
  });
});

describe('one change at a time', () => {
  test('UpdatePackage of a DELETING package is a ValidationException', async () => {
    const { emu, client } = await setup({ packageDeleteDelayMs: 5000 });
    emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await client.send(new DeletePackageCommand({ PackageID: PKG }));
    await expect(client.send(new UpdatePackageCommand({ PackageID: PKG, PackageSource: SOURCE })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('DELETING') });
    expect(emu.packageDetails(PKG)).toMatchObject({ PackageStatus: 'DELETING', AvailablePackageVersion: 'v1' });
  });

  test('DeletePackage while an update is COPYING or VALIDATING is a ConflictException; the update completes', async () => {
    const { emu, client } = await setup({ packageCopyDelayMs: 150, packageValidateDelayMs: 150 });
    emu.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await client.send(new UpdatePackageCommand({ PackageID: PKG, PackageSource: SOURCE }));
    await expect(client.send(new DeletePackageCommand({ PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 }, message: expect.stringContaining('COPYING') });
    await waitFor(async () => emu.packageDetails(PKG)!, (p) => p.PackageStatus === 'VALIDATING');
    await expect(client.send(new DeletePackageCommand({ PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ConflictException', message: expect.stringContaining('VALIDATING') });
    const done = await waitFor(async () => emu.packageDetails(PKG)!, (p) => p.PackageStatus === 'AVAILABLE');
    expect(done.AvailablePackageVersion).toBe('v2');
  });
});

describe('a version\'s configuration', () => {
  const v1 = { LicenseRequirement: 'OPTIONAL', ConfigurationRequirement: 'NONE' } as const;
  const v2 = { LicenseRequirement: 'REQUIRED', ConfigurationRequirement: 'OPTIONAL', LicenseFilepath: 'license.json' } as const;

  async function pluginAtV1() {
    const { emu, client } = await setup({ packageCopyDelayMs: 100, packageValidateDelayMs: 100 });
    emu.s3.putObject(PLUGIN_SOURCE.S3BucketName, PLUGIN_SOURCE.S3Key, PLUGIN_ZIP);
    const { PackageDetails: created } = await client.send(new CreatePackageCommand({
      PackageName: 'lockbox', PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19', PackageSource: PLUGIN_SOURCE, PackageConfiguration: v1,
    }));
    const id = created!.PackageID!;
    const describe = async (): Promise<PackageDetails> =>
      (await client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: [id] }] }))).PackageDetailsList![0];
    // No version is AVAILABLE yet, so there is no available configuration.
    expect(created).toMatchObject({ PackageStatus: 'COPYING' });
    expect(created?.AvailablePackageConfiguration).toBeUndefined();
    await waitFor(describe, (p) => p.PackageStatus === 'AVAILABLE');
    return { emu, client, id, describe };
  }

  test('AvailablePackageConfiguration changes when the new version is AVAILABLE, not before', async () => {
    const { client, id, describe } = await pluginAtV1();
    expect((await describe()).AvailablePackageConfiguration).toEqual(v1);
    await client.send(new UpdatePackageCommand({ PackageID: id, PackageSource: PLUGIN_SOURCE, PackageConfiguration: v2 }));
    const seen: Array<[string | undefined, unknown]> = [];
    await waitFor(describe, (p) => { seen.push([p.PackageStatus, p.AvailablePackageConfiguration]); return p.PackageStatus === 'AVAILABLE'; });
    const processing = seen.filter(([status]) => status !== 'AVAILABLE').map(([, configuration]) => configuration);
    expect(processing.length).toBeGreaterThan(0);
    expect(processing).toEqual(processing.map(() => v1));
    expect((await describe()).AvailablePackageConfiguration).toEqual(v2);
    const history = await client.send(new GetPackageVersionHistoryCommand({ PackageID: id }));
    expect(history.PackageVersionHistoryList?.map((h) => [h.PackageVersion, h.PackageConfiguration])).toEqual([['v2', v2], ['v1', v1]]);
  });

  test('a version that fails validation leaves the configuration of the available version', async () => {
    const { emu, client, id, describe } = await pluginAtV1();
    emu.faults.failPackageProcessing({ packageId: id, stage: 'VALIDATION', errorMessage: 'descriptor is missing' });
    await client.send(new UpdatePackageCommand({ PackageID: id, PackageSource: PLUGIN_SOURCE, PackageConfiguration: v2 }));
    const failed = await waitFor(describe, (p) => p.PackageStatus === 'VALIDATION_FAILED');
    expect(failed).toMatchObject({ AvailablePackageVersion: 'v1', AvailablePackageConfiguration: v1 });
  });

  test('PluginProperties come from the plugin\'s descriptor once its version validates', async () => {
    const { client, id, describe } = await pluginAtV1();
    const properties = { Name: 'lockbox', Description: 'Locks boxes', Version: '1.0.0', ClassName: 'org.example.LockboxPlugin', UncompressedSizeInBytes: 1170 };
    expect((await describe()).AvailablePluginProperties).toEqual(properties);
    const history = await client.send(new GetPackageVersionHistoryCommand({ PackageID: id }));
    expect(history.PackageVersionHistoryList?.[0].PluginProperties).toEqual(properties);
  });

  test('a file without a descriptor gives no PluginProperties, and a dictionary never has them', async () => {
    const { emu, client } = await setup({ packageCopyDelayMs: 10, packageValidateDelayMs: 10 });
    const { PackageDetails: plugin } = await client.send(new CreatePackageCommand({
      PackageName: 'not-a-zip', PackageType: 'ZIP-PLUGIN', EngineVersion: 'OpenSearch_2.19', PackageSource: SOURCE,
    }));
    emu.s3.putObject(SOURCE.S3BucketName, 'dictionary.zip', PLUGIN_ZIP);
    const { PackageDetails: dictionary } = await client.send(new CreatePackageCommand({
      PackageName: 'zipped-words', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: SOURCE.S3BucketName, S3Key: 'dictionary.zip' },
    }));
    for (const id of [plugin!.PackageID!, dictionary!.PackageID!]) {
      const details = await waitFor(async () => emu.packageDetails(id)!, (p) => p.PackageStatus === 'AVAILABLE');
      expect(details.AvailablePluginProperties).toBeUndefined();
    }
  });
});
