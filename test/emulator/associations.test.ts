/**
 * Associations through the SDK: ASSOCIATING/DISSOCIATING, listings, one operation per domain,
 * quotas and the other association rules.
 * The emulator driven by the real @aws-sdk/client-opensearch; shared setup in sdk-setup.ts.
 */
import {
  AssociatePackageCommand, CreatePackageCommand, DeletePackageCommand, DissociatePackageCommand, ListDomainsForPackageCommand,
  ListPackagesForDomainCommand,
} from '@aws-sdk/client-opensearch';
import { DOMAIN, listForDomain, OTHER_DOMAIN, PKG, PKG2, setup, sleep, SOURCE, statusOf, stopEmulator, waitFor } from './sdk-setup';
import { CHANGE_IN_PROGRESS_MESSAGE, DEFAULT_REFUSAL_WORDING } from '../../local/emulator';

afterEach(stopEmulator);

describe('happy paths through the SDK', () => {
  test('AssociatePackage starts ASSOCIATING and the association turns ACTIVE after the configured delay', async () => {
    const { emu: e, client: c } = await setup({ associateDelayMs: 200 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });

    const started = Date.now();
    const out = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.DomainPackageDetails).toMatchObject({
      DomainName: DOMAIN,
      PackageID: PKG,
      PackageName: 'synonyms',
      PackageType: 'TXT-DICTIONARY',
      DomainPackageStatus: 'ASSOCIATING',
      PackageVersion: 'v1',
      ReferencePath: `analyzers/${PKG}`,
    });
    // Epoch seconds on the wire become a Date in the SDK.
    expect(out.DomainPackageDetails?.LastUpdated).toBeInstanceOf(Date);
    expect(Math.abs(out.DomainPackageDetails!.LastUpdated!.getTime() - started)).toBeLessThan(2000);

    expect(await statusOf(c, PKG)).toBe('ASSOCIATING');
    const active = await waitFor(() => listForDomain(c), list => list[0]?.DomainPackageStatus === 'ACTIVE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(active[0]).toMatchObject({ PackageVersion: 'v1', ReferencePath: `analyzers/${PKG}` });
    expect(e.association(DOMAIN, PKG)?.DomainPackageStatus).toBe('ACTIVE');
  });

  test('DissociatePackage goes DISSOCIATING, then the package is no longer listed', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });

    const out = await c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(out.DomainPackageDetails?.DomainPackageStatus).toBe('DISSOCIATING');
    expect(await statusOf(c, PKG)).toBe('DISSOCIATING');
    await waitFor(() => listForDomain(c), list => list.length === 0);
    expect(e.association(DOMAIN, PKG)).toBeUndefined();
  });

  test('ListDomainsForPackage lists every domain the package is on', async () => {
    const { emu: e, client: c } = await setup();
    e.addDomain(OTHER_DOMAIN);
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    e.addAssociation({ domainName: OTHER_DOMAIN, packageId: PKG, status: 'ASSOCIATING' });

    const out = await c.send(new ListDomainsForPackageCommand({ PackageID: PKG }));
    expect(out.DomainPackageDetailsList?.map(d => [d.DomainName, d.DomainPackageStatus])).toEqual([
      [DOMAIN, 'ACTIVE'],
      [OTHER_DOMAIN, 'ASSOCIATING'],
    ]);
    expect(out.NextToken).toBeUndefined();
  });
});

describe('association rules', () => {
  test('associating a package already ACTIVE at its newest version is "already in desired state"', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Package is already in desired state',
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('one package operation per domain at a time; other domains are independent', async () => {
    const { emu: e, client: c } = await setup({ associateDelayMs: 300 });
    e.addDomain(OTHER_DOMAIN);
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addPackage({ packageId: PKG2, packageName: 'stopwords' });

    await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    const conflict = { name: 'ConflictException', message: DEFAULT_REFUSAL_WORDING.domainBusy, $metadata: { httpStatusCode: 409 } };
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG2 }))).rejects.toMatchObject(conflict);
    await expect(c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject(conflict);
    const other = await c.send(new AssociatePackageCommand({ DomainName: OTHER_DOMAIN, PackageID: PKG2 }));
    expect(other.DomainPackageDetails?.DomainPackageStatus).toBe('ASSOCIATING');

    await waitFor(() => statusOf(c, PKG), s => s === 'ACTIVE');
    const second = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG2 }));
    expect(second.DomainPackageDetails?.DomainPackageStatus).toBe('ASSOCIATING');
  });

  test('a domain applying a change answers "A change/update is in progress" until it is done', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.setChangeInProgress(DOMAIN, 150);
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: CHANGE_IN_PROGRESS_MESSAGE,
      $metadata: { httpStatusCode: 400 },
    });
    await sleep(170);
    const out = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(out.DomainPackageDetails?.DomainPackageStatus).toBe('ASSOCIATING');
  });

  test('a per-package delay makes one association slow', async () => {
    const { emu: e, client: c } = await setup({ associateDelayMs: 50 });
    e.addDomain(OTHER_DOMAIN);
    e.addPackage({ packageId: PKG, packageName: 'synonyms', associateDelayMs: 600 });
    e.addPackage({ packageId: PKG2, packageName: 'stopwords' });
    await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    await c.send(new AssociatePackageCommand({ DomainName: OTHER_DOMAIN, PackageID: PKG2 }));
    await sleep(120);
    expect(await statusOf(c, PKG2, OTHER_DOMAIN)).toBe('ACTIVE');
    expect(await statusOf(c, PKG)).toBe('ASSOCIATING');
  });

  test('only AVAILABLE packages can be associated', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms', status: 'VALIDATION_FAILED' });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject({
      name: 'ValidationException', message: expect.stringContaining('AVAILABLE'), $metadata: { httpStatusCode: 400 },
    });
  });

  test('unknown domains and packages are ResourceNotFoundException (409)', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await expect(c.send(new AssociatePackageCommand({ DomainName: 'no-such-domain', PackageID: PKG }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', message: 'Domain not found: no-such-domain', $metadata: { httpStatusCode: 409 },
    });
    await expect(c.send(new ListPackagesForDomainCommand({ DomainName: 'no-such-domain' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 409 } });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: 'F999999999' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', message: expect.stringContaining('F999999999'),
    });
    await expect(c.send(new ListDomainsForPackageCommand({ PackageID: 'F999999999' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('a removed domain disappears with its associations', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    e.removeDomain(DOMAIN);
    await expect(listForDomain(c)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await c.send(new ListDomainsForPackageCommand({ PackageID: PKG }))).DomainPackageDetailsList).toEqual([]);
  });

  test('a domain holds at most maxPackagesPerDomain packages (ValidationException: the model lists no LimitExceededException for AssociatePackage)', async () => {
    const { emu: e, client: c } = await setup({ maxPackagesPerDomain: 3 });
    e.addFillerPackages(DOMAIN, 3);
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })))
      .rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('maximum of 3 packages'), $metadata: { httpStatusCode: 400 } });
  });

  test('a Region holds at most maxPackagesPerRegion packages, and package names are unique', async () => {
    const { emu: e, client: c } = await setup({ maxPackagesPerRegion: 2 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await expect(c.send(new CreatePackageCommand({ PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE })))
      .rejects.toMatchObject({ name: 'ResourceAlreadyExistsException', $metadata: { httpStatusCode: 409 } });
    await c.send(new CreatePackageCommand({ PackageName: 'stopwords', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE }));
    await expect(c.send(new CreatePackageCommand({ PackageName: 'third', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE })))
      .rejects.toMatchObject({ name: 'LimitExceededException', $metadata: { httpStatusCode: 409 } });
  });

  test('dissociating a package that is not associated is a ValidationException', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await expect(c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject({
      name: 'ValidationException', message: 'Package is not associated to this domain', $metadata: { httpStatusCode: 400 },
    });
  });

  test('DeletePackage is refused while the package is associated, and allowed once dissociated', async () => {
    const { emu: e, client: c } = await setup({ dissociateDelayMs: 50 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    await expect(c.send(new DeletePackageCommand({ PackageID: PKG }))).rejects.toMatchObject({
      name: 'ConflictException', message: expect.stringContaining(DOMAIN), $metadata: { httpStatusCode: 409 },
    });
    await c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    await expect(c.send(new DeletePackageCommand({ PackageID: PKG }))).rejects.toMatchObject({ name: 'ConflictException' });
    await waitFor(() => listForDomain(c), list => list.length === 0);
    const out = await c.send(new DeletePackageCommand({ PackageID: PKG }));
    expect(out.PackageDetails?.PackageID).toBe(PKG);
    expect(e.packageDetails(PKG)).toBeUndefined();
  });

  test('seeded ASSOCIATING and DISSOCIATING associations complete on their own', async () => {
    const { emu: e, client: c } = await setup();
    e.addDomain(OTHER_DOMAIN);
    e.addPackage({ packageId: PKG, packageName: 'synonyms', versions: 3 });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG, status: 'ASSOCIATING', completesInMs: 40 });
    e.addAssociation({ domainName: OTHER_DOMAIN, packageId: PKG, status: 'DISSOCIATING', completesInMs: 40 });
    expect(e.association(DOMAIN, PKG)).toMatchObject({ DomainPackageStatus: 'ASSOCIATING', PackageVersion: 'v3' });
    await sleep(60);
    expect(await statusOf(c, PKG)).toBe('ACTIVE');
    expect(await listForDomain(c, OTHER_DOMAIN)).toEqual([]);
  });
});
