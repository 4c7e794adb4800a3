/**
 * Packages through the SDK: DescribePackages filters, COPYING -> VALIDATING -> AVAILABLE, versions
 * and deletion.
 * The emulator driven by the real @aws-sdk/client-opensearch; shared setup in sdk-setup.ts.
 */
import {
  AssociatePackageCommand, CreatePackageCommand, DeletePackageCommand, DescribePackagesCommand, DescribePackagesFilter,
  GetPackageVersionHistoryCommand, UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { DOMAIN, listForDomain, PKG, PKG2, setup, SOURCE, stopEmulator, waitFor } from './sdk-setup';

afterEach(stopEmulator);

describe('happy paths through the SDK', () => {
  test('DescribePackages applies each documented filter, ANDed across filters and ORed within values', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms', description: 'my synonyms' });
    e.addPackage({ packageId: PKG2, packageName: 'stopwords', status: 'VALIDATION_FAILED', errorDetails: { ErrorType: 'x', ErrorMessage: 'bad file' } });
    e.addPackage({ packageId: 'pkg-abc123', packageName: 'my-plugin', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
    e.addPackage({ packageId: 'G79602591', packageName: 'analysis-nori', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });

    const ids = async (Filters?: DescribePackagesFilter[]) =>
      ((await c.send(new DescribePackagesCommand({ Filters }))).PackageDetailsList ?? []).map(p => p.PackageID);

    expect(await ids()).toEqual([PKG, PKG2, 'pkg-abc123', 'G79602591']);
    expect(await ids([{ Name: 'PackageID', Value: [PKG] }])).toEqual([PKG]);
    expect(await ids([{ Name: 'PackageName', Value: ['synonyms', 'stopwords'] }])).toEqual([PKG, PKG2]);
    expect(await ids([{ Name: 'PackageName', Value: ['stop*'] }])).toEqual([PKG2]);
    expect(await ids([{ Name: 'PackageStatus', Value: ['VALIDATION_FAILED'] }])).toEqual([PKG2]);
    expect(await ids([{ Name: 'PackageType', Value: ['ZIP-PLUGIN'] }])).toEqual(['pkg-abc123', 'G79602591']);
    expect(await ids([{ Name: 'EngineVersion', Value: ['OpenSearch_2.19'] }, { Name: 'PackageOwner', Value: ['AWS'] }])).toEqual(['G79602591']);
    expect(await ids([{ Name: 'PackageOwner', Value: ['123456789012'] }])).toEqual([PKG, PKG2, 'pkg-abc123']);

    const [details] = (await c.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageID', Value: [PKG2] }] }))).PackageDetailsList!;
    expect(details).toMatchObject({ PackageStatus: 'VALIDATION_FAILED', ErrorDetails: { ErrorType: 'x', ErrorMessage: 'bad file' } });
    expect(details.CreatedAt).toBeInstanceOf(Date);
    expect(details.LastUpdatedAt).toBeInstanceOf(Date);

    await expect(c.send(new DescribePackagesCommand({ Filters: [{ Name: 'Colour' as DescribePackagesFilter['Name'], Value: ['x'] }] })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('filters.1.member.name') });
  });

  test('CreatePackage goes COPYING -> VALIDATING -> AVAILABLE at v1 and records its source', async () => {
    const { emu: e, client: c } = await setup({ packageCopyDelayMs: 100, packageValidateDelayMs: 100 });
    const out = await c.send(new CreatePackageCommand({
      PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE, PackageDescription: 'desc',
    }));
    const created = out.PackageDetails!;
    expect(created.PackageID).toMatch(/^F[0-9]{9}$/);
    expect(created).toMatchObject({ PackageName: 'synonyms', PackageStatus: 'COPYING', PackageDescription: 'desc', PackageOwner: '123456789012' });
    expect(created.AvailablePackageVersion).toBeUndefined();

    const describe = async () => (await c.send(new DescribePackagesCommand({
      Filters: [{ Name: 'PackageID', Value: [created.PackageID!] }],
    }))).PackageDetailsList![0];
    const seen = new Set<string>();
    const available = await waitFor(describe, p => { seen.add(p.PackageStatus!); return p.PackageStatus === 'AVAILABLE'; });
    expect([...seen]).toEqual(expect.arrayContaining(['COPYING', 'VALIDATING', 'AVAILABLE']));
    expect(available.AvailablePackageVersion).toBe('v1');
    expect(e.packageDetails(created.PackageID!)?.PackageStatus).toBe('AVAILABLE');
    expect(e.packageSource(created.PackageID!)).toEqual(SOURCE);

    // A plugin gets the newer id form.
    const plugin = await c.send(new CreatePackageCommand({ PackageName: 'my-plugin', PackageType: 'ZIP-PLUGIN', PackageSource: SOURCE, EngineVersion: 'OpenSearch_2.19' }));
    expect(plugin.PackageDetails?.PackageID).toMatch(/^pkg-[a-f0-9]+$/);
  });

  test('UpdatePackage adds a version with its commit message; re-associating rolls it out', async () => {
    const { emu: e, client: c } = await setup({ packageCopyDelayMs: 100, packageValidateDelayMs: 100 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });

    const v2Source = { S3BucketName: 'my-bucket', S3Key: 'synonyms-v2.txt' };
    const out = await c.send(new UpdatePackageCommand({ PackageID: PKG, PackageSource: v2Source, CommitMessage: 'add more synonyms' }));
    expect(e.packageSource(PKG)).toEqual(v2Source);
    expect(out.PackageDetails).toMatchObject({ PackageID: PKG, PackageStatus: 'COPYING', AvailablePackageVersion: 'v1' });
    // Not associable while it is being processed.
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await waitFor(async () => e.packageDetails(PKG)!, p => p.PackageStatus === 'AVAILABLE');

    const history = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG }));
    expect(history.PackageID).toBe(PKG);
    expect(history.PackageVersionHistoryList?.map(h => [h.PackageVersion, h.CommitMessage])).toEqual([
      ['v2', 'add more synonyms'],
      ['v1', undefined],
    ]);
    expect(history.PackageVersionHistoryList?.[0].CreatedAt).toBeInstanceOf(Date);

    // The domain keeps v1 until the package is associated again.
    expect(await listForDomain(c)).toEqual([expect.objectContaining({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' })]);
    const again = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(again.DomainPackageDetails).toMatchObject({ DomainPackageStatus: 'ASSOCIATING', PackageVersion: 'v2' });
    const rolled = await waitFor(() => listForDomain(c), list => list[0].DomainPackageStatus === 'ACTIVE');
    expect(rolled[0].PackageVersion).toBe('v2');
  });

  test('DeletePackage removes an unassociated package', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    const out = await c.send(new DeletePackageCommand({ PackageID: PKG }));
    expect(out.PackageDetails).toMatchObject({ PackageID: PKG, PackageName: 'synonyms', PackageStatus: 'DELETING' });
    const left = await c.send(new DescribePackagesCommand({}));
    expect(left.PackageDetailsList).toEqual([]);
    await expect(c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 409 } });
  });
});
