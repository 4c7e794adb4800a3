/**
 * Fault injection and the call log, seen through the SDK. The emulator driven by the real @aws-sdk/client-opensearch; shared setup in sdk-setup.ts.
 */
import {
  AssociatePackageCommand, CreatePackageCommand, DescribePackagesCommand, DissociatePackageCommand,
  GetPackageVersionHistoryCommand, ListPackagesForDomainCommand, OpenSearchClient, UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { DOMAIN, listForDomain, OTHER_DOMAIN, PKG, setup, SOURCE, stopEmulator, waitFor } from './sdk-setup';
import { CHANGE_IN_PROGRESS_MESSAGE } from '../../local/emulator';

afterEach(stopEmulator);

describe('fault injection', () => {
  test('N request faults fire in order, then the operation works; unmatched targets are untouched', async () => {
    const { emu: e, client: c } = await setup();
    e.addDomain(OTHER_DOMAIN);
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults
      .add({ operation: 'AssociatePackage', domainName: DOMAIN, error: 'ConflictException', times: 2 })
      .add({ operation: 'AssociatePackage', domainName: DOMAIN, error: 'InternalException' });
    expect(e.faults.pending()).toEqual([
      expect.objectContaining({ kind: 'request', remaining: 2 }),
      expect.objectContaining({ kind: 'request', remaining: 1 }),
    ]);

    // Another domain does not consume the faults.
    await c.send(new AssociatePackageCommand({ DomainName: OTHER_DOMAIN, PackageID: PKG }));
    const attempt = () => c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    await expect(attempt()).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(attempt()).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(attempt()).rejects.toMatchObject({ name: 'InternalException', $metadata: { httpStatusCode: 500 } });
    expect((await attempt()).DomainPackageDetails?.DomainPackageStatus).toBe('ASSOCIATING');
    expect(e.faults.pending()).toEqual([]);

    const calls = e.callsTo('AssociatePackage');
    expect(calls.map(call => [call.status, call.errorType ?? null, call.injected])).toEqual([
      [200, null, false],
      [409, 'ConflictException', true],
      [409, 'ConflictException', true],
      [500, 'InternalException', true],
      [200, null, false],
    ]);
    expect(calls[1].pathParams).toEqual({ PackageID: PKG, DomainName: DOMAIN });
  });

  test('N "change in progress" ValidationExceptions', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    e.faults.changeInProgress('DissociatePackage', { times: 2, packageId: PKG });
    const attempt = () => c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    for (let i = 0; i < 2; i++) {
      await expect(attempt()).rejects.toMatchObject({ name: 'ValidationException', message: CHANGE_IN_PROGRESS_MESSAGE });
    }
    expect((await attempt()).DomainPackageDetails?.DomainPackageStatus).toBe('DISSOCIATING');
  });

  test('ThrottlingException (429) is retried by the SDK with its default retry strategy', async () => {
    const { emu: e } = await setup();
    e.faults.add({ operation: 'ListPackagesForDomain', error: 'ThrottlingException', times: 2 });
    const retrying = new OpenSearchClient({ ...e.clientConfig(), maxAttempts: 3 });
    try {
      const out = await retrying.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN }));
      expect(out.$metadata.attempts).toBe(3);
      expect(e.callsTo('ListPackagesForDomain').map(call => call.status)).toEqual([429, 429, 200]);
    } finally {
      retrying.destroy();
    }
  });

  test('AccessDeniedException for a given package only', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults.add({ operation: 'DescribePackages', error: 'AccessDeniedException', times: Infinity });
    e.faults.add({ operation: 'GetPackageVersionHistory', error: 'AccessDeniedException', packageId: 'F000000001' });
    for (let i = 0; i < 3; i++) {
      await expect(c.send(new DescribePackagesCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    }
    const history = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG }));
    expect(history.PackageVersionHistoryList).toHaveLength(1);
    e.faults.clear();
    expect((await c.send(new DescribePackagesCommand({}))).PackageDetailsList).toHaveLength(1);
  });

  test('an association can end ASSOCIATION_FAILED with the given ErrorDetails, and be retried', async () => {
    const { emu: e, client: c } = await setup({ associateDelayMs: 60 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults.failAssociation({ domainName: DOMAIN, packageId: PKG, errorType: 'PluginError', errorMessage: 'Synonym file has invalid rules' });

    const out = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    expect(out.DomainPackageDetails?.DomainPackageStatus).toBe('ASSOCIATING');
    const [failed] = await waitFor(() => listForDomain(c), list => list[0]?.DomainPackageStatus !== 'ASSOCIATING');
    expect(failed).toMatchObject({
      DomainPackageStatus: 'ASSOCIATION_FAILED',
      ErrorDetails: { ErrorType: 'PluginError', ErrorMessage: 'Synonym file has invalid rules' },
    });

    await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    const [retried] = await waitFor(() => listForDomain(c), list => list[0]?.DomainPackageStatus !== 'ASSOCIATING');
    expect(retried.DomainPackageStatus).toBe('ACTIVE');
    expect(retried.ErrorDetails).toBeUndefined();
  });

  test('a dissociation can end DISSOCIATION_FAILED', async () => {
    const { emu: e, client: c } = await setup({ dissociateDelayMs: 60 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    e.faults.failDissociation({ errorMessage: 'Package is in use by index my-index' });
    await c.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    const [failed] = await waitFor(() => listForDomain(c), list => list[0]?.DomainPackageStatus !== 'DISSOCIATING');
    expect(failed).toMatchObject({
      DomainPackageStatus: 'DISSOCIATION_FAILED',
      ErrorDetails: { ErrorType: 'DissociationFailure', ErrorMessage: 'Package is in use by index my-index' },
    });
  });

  test('package creation can end VALIDATION_FAILED or COPY_FAILED', async () => {
    const { emu: e, client: c } = await setup();
    e.faults
      .failPackageProcessing({ packageName: 'bad-synonyms', errorMessage: 'Invalid synonym rule on line 3' })
      .failPackageProcessing({ packageName: 'missing-file', stage: 'COPY', errorMessage: 'Access denied to s3://my-bucket/x' });
    const bad = (await c.send(new CreatePackageCommand({ PackageName: 'bad-synonyms', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE }))).PackageDetails!;
    const missing = (await c.send(new CreatePackageCommand({ PackageName: 'missing-file', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE }))).PackageDetails!;

    const seen: string[] = [];
    const failed = await waitFor(async () => e.packageDetails(bad.PackageID!)!, p => {
      seen.push(p.PackageStatus);
      return p.PackageStatus === 'VALIDATION_FAILED';
    });
    expect(seen).toContain('VALIDATING');
    expect(failed).toMatchObject({ ErrorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: 'Invalid synonym rule on line 3' } });
    expect(failed.AvailablePackageVersion).toBeUndefined();

    const copyFailed = await waitFor(async () => e.packageDetails(missing.PackageID!)!, p => p.PackageStatus.endsWith('FAILED'));
    expect(copyFailed).toMatchObject({ PackageStatus: 'COPY_FAILED', ErrorDetails: { ErrorMessage: 'Access denied to s3://my-bucket/x' } });

    // An update that fails validation keeps the previous version available for associations.
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults.failPackageProcessing({ packageId: PKG, errorMessage: 'bad v2' });
    await c.send(new UpdatePackageCommand({ PackageID: PKG, PackageSource: SOURCE }));
    const updated = await waitFor(async () => e.packageDetails(PKG)!, p => p.PackageStatus === 'VALIDATION_FAILED');
    expect(updated.AvailablePackageVersion).toBe('v1');
    const history = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG }));
    expect(history.PackageVersionHistoryList?.map(h => h.PackageVersion)).toEqual(['v1']);
  });

  test('the call log records every request and can be cleared', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
    await listForDomain(c);
    await listForDomain(c);
    await c.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: ['synonyms'] }] }));
    expect(e.callCounts()).toEqual({ AssociatePackage: 1, ListPackagesForDomain: 2, DescribePackages: 1 });
    expect(e.countCalls()).toBe(4);
    const [describe] = e.callsTo('DescribePackages');
    expect(describe).toMatchObject({ method: 'POST', path: '/2021-01-01/packages/describe', status: 200, injected: false });
    expect(describe.body).toEqual({ Filters: [{ Name: 'PackageName', Value: ['synonyms'] }] });
    expect(describe.time).toBeGreaterThan(Date.now() - 5000);
    e.clearCalls();
    expect(e.calls).toEqual([]);
    expect(e.countCalls('ListPackagesForDomain')).toBe(0);
  });
});
