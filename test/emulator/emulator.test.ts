/**
 * The emulator driven by the real @aws-sdk/client-opensearch (and the AWS CLI where installed):
 * if these pass, code that talks to the emulator talks the service's wire protocol.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AssociatePackageCommand, CreatePackageCommand, DeletePackageCommand, DescribePackagesCommand, DescribePackagesFilter, DissociatePackageCommand,
  DomainPackageDetails, GetPackageVersionHistoryCommand, ListDomainsForPackageCommand, ListPackagesForDomainCommand,
  OpenSearchClient, paginateDescribePackages, paginateListPackagesForDomain, UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { CHANGE_IN_PROGRESS_MESSAGE, DEFAULT_REFUSAL_WORDING, Emulator, EmulatorOptions, ERROR_STATUS, ErrorCode, startEmulator } from '../../local/emulator';

const execFileAsync = promisify(execFile);

const DOMAIN = 'my-domain';
const OTHER_DOMAIN = 'other-domain';
const PKG = 'F123456789';
const PKG2 = 'F223456789';
const SOURCE = { S3BucketName: 'my-bucket', S3Key: 'synonyms.txt' };

// Short delays keep the file fast while leaving room to observe every intermediate status.
const FAST: EmulatorOptions = {
  associateDelayMs: 150,
  dissociateDelayMs: 150,
  packageCopyDelayMs: 60,
  packageValidateDelayMs: 80,
};

let emu: Emulator | undefined;
let client: OpenSearchClient | undefined;

/** Starts a fresh emulator with one domain and a client that does not retry (so every fault is visible). */
async function setup(options: EmulatorOptions = {}): Promise<{ emu: Emulator; client: OpenSearchClient }> {
  emu = await startEmulator({ ...FAST, ...options });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  // The files the packages below are made from: the service copies them from S3 (SSE-S3, which it can read).
  emu.s3.createBucket(SOURCE.S3BucketName);
  for (const key of [SOURCE.S3Key, 'synonyms-v2.txt']) emu.s3.putObject(SOURCE.S3BucketName, key, Buffer.from('ice cream, gelato\n'));
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
  return { emu, client };
}

afterEach(async () => {
  client?.destroy();
  client = undefined;
  await emu?.stop();
  emu = undefined;
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `read` until `done` accepts its result; fails after `timeoutMs`. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    }
    await sleep(20);
  }
}

async function listForDomain(c: OpenSearchClient, domainName = DOMAIN): Promise<DomainPackageDetails[]> {
  const out = await c.send(new ListPackagesForDomainCommand({ DomainName: domainName }));
  return out.DomainPackageDetailsList ?? [];
}

async function statusOf(c: OpenSearchClient, packageId: string, domainName = DOMAIN): Promise<string | undefined> {
  return (await listForDomain(c, domainName)).find(d => d.PackageID === packageId)?.DomainPackageStatus;
}

/** Signs nothing, but carries the header shape the emulator requires, for raw fetch calls. */
const FAKE_SIGV4 = { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/es/aws4_request, SignedHeaders=host, Signature=00' };

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

describe('pagination', () => {
  test('a page cap forces many pages even when the client asks for 100', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 2 });
    const ids = e.addFillerPackages(DOMAIN, 8);
    expect(ids).toHaveLength(8);

    const pages: string[][] = [];
    const tokens: string[] = [];
    for await (const page of paginateListPackagesForDomain({ client: c, pageSize: 100 }, { DomainName: DOMAIN })) {
      pages.push((page.DomainPackageDetailsList ?? []).map(d => d.PackageID!));
      if (page.NextToken) {
        tokens.push(page.NextToken);
      }
    }
    expect(pages).toHaveLength(4);
    expect(pages.every(p => p.length === 2)).toBe(true);
    expect(pages.flat()).toEqual(ids);
    expect(tokens).toHaveLength(3);
    for (const token of tokens) {
      expect(token).not.toMatch(/^[0-9]+$/);
    }
    const calls = e.callsTo('ListPackagesForDomain');
    expect(calls).toHaveLength(4);
    expect(calls[0].query).toEqual({ maxResults: '100' });
    expect(calls[1].query.nextToken).toBe(tokens[0]);
  });

  test('MaxResults below the cap sets the page size', async () => {
    const { emu: e, client: c } = await setup();
    e.addFillerPackages(DOMAIN, 5);
    const out = await c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 3 }));
    expect(out.DomainPackageDetailsList).toHaveLength(3);
    const rest = await c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 3, NextToken: out.NextToken }));
    expect(rest.DomainPackageDetailsList).toHaveLength(2);
    expect(rest.NextToken).toBeUndefined();
  });

  test('bad, foreign and numeric NextTokens are ValidationExceptions', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 1 });
    e.addDomain(OTHER_DOMAIN);
    e.addFillerPackages(DOMAIN, 2, 'a');
    e.addFillerPackages(OTHER_DOMAIN, 2, 'b');
    const otherToken = (await c.send(new ListPackagesForDomainCommand({ DomainName: OTHER_DOMAIN }))).NextToken;
    expect(otherToken).toBeDefined();

    for (const NextToken of ['not-a-token', '1', otherToken!, Buffer.from('{"o":1,"f":"forged"}').toString('base64url')]) {
      await expect(c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, NextToken }))).rejects.toMatchObject({
        name: 'ValidationException', message: expect.stringContaining('nextToken'), $metadata: { httpStatusCode: 400 },
      });
    }
  });

  test('DescribePackages pages through its body parameters', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 3 });
    for (let i = 0; i < 7; i++) {
      e.addPackage({ packageName: `dict-${i}` });
    }
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribePackages({ client: c, pageSize: 50 }, {})) {
      pages++;
      names.push(...(page.PackageDetailsList ?? []).map(p => p.PackageName!));
    }
    expect(pages).toBe(3);
    expect(names).toEqual(['dict-0', 'dict-1', 'dict-2', 'dict-3', 'dict-4', 'dict-5', 'dict-6']);
    expect(e.callsTo('DescribePackages')[1].body).toMatchObject({ MaxResults: 50, NextToken: expect.any(String) });
  });

  test('GetPackageVersionHistory pages newest first', async () => {
    const { emu: e, client: c } = await setup({ listPageCap: 2 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms', versions: [{}, { commitMessage: 'two' }, { commitMessage: 'three' }] });
    const first = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG }));
    expect(first.PackageVersionHistoryList?.map(v => v.PackageVersion)).toEqual(['v3', 'v2']);
    const second = await c.send(new GetPackageVersionHistoryCommand({ PackageID: PKG, NextToken: first.NextToken }));
    expect(second.PackageVersionHistoryList?.map(v => v.PackageVersion)).toEqual(['v1']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('errors as the SDK and raw HTTP see them', () => {
  const cases: [ErrorCode, number][] = [
    ['ValidationException', 400],
    ['BaseException', 400],
    ['AccessDeniedException', 403],
    ['ResourceNotFoundException', 409],
    ['ConflictException', 409],
    ['LimitExceededException', 409],
    ['ThrottlingException', 429],
    ['InternalException', 500],
  ];

  test.each(cases)('%s is surfaced by the SDK by name with status %d', async (code, status) => {
    const { emu: e, client: c } = await setup();
    expect(ERROR_STATUS[code]).toBe(status);
    e.faults.add({ operation: 'ListPackagesForDomain', error: code, message: `injected ${code}` });
    await expect(listForDomain(c)).rejects.toMatchObject({
      name: code,
      message: `injected ${code}`,
      $metadata: { httpStatusCode: status },
    });
    expect(await listForDomain(c)).toEqual([]);
  });

  test('a ConflictException carries name, message and status for SDK callers', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.faults.add({ operation: 'AssociatePackage', error: 'ConflictException', message: 'Another operation is in progress' });
    const err = await c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG })).then(() => undefined, (x: unknown) => x);
    expect(err).toBeInstanceOf(Error);
    const e2 = err as Error & { $metadata: { httpStatusCode?: number }; $fault: string };
    expect(e2.name).toBe('ConflictException');
    expect(e2.message).toBe('Another operation is in progress');
    expect(e2.$metadata.httpStatusCode).toBe(409);
    expect(e2.$fault).toBe('client');
  });

  test('the wire format is a status, an x-amzn-ErrorType header and a {"message"} body', async () => {
    const { emu: e } = await setup();
    const res = await fetch(`${e.endpoint}/2021-01-01/domain/no-such-domain/packages`, { headers: FAKE_SIGV4 });
    expect(res.status).toBe(409);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(await res.json()).toEqual({ message: 'Domain not found: no-such-domain' });
  });

  test('requests without a SigV4 Authorization header are refused with 403', async () => {
    const { emu: e } = await setup();
    const res = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
    const basic = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`, { headers: { Authorization: 'Basic Zm9vOmJhcg==' } });
    expect(basic.status).toBe(403);
    const signed = await fetch(`${e.endpoint}/2021-01-01/domain/${DOMAIN}/packages`, { headers: FAKE_SIGV4 });
    expect(signed.status).toBe(200);
  });

  test('unknown routes are 404 UnknownOperationException, malformed JSON a SerializationException', async () => {
    const { emu: e } = await setup();
    const unknown = await fetch(`${e.endpoint}/2021-01-01/opensearch/domain`, { headers: FAKE_SIGV4 });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    const wrongMethod = await fetch(`${e.endpoint}/2021-01-01/packages/describe`, { headers: FAKE_SIGV4 });
    expect(wrongMethod.status).toBe(404);
    const bad = await fetch(`${e.endpoint}/2021-01-01/packages/describe`, { method: 'POST', headers: FAKE_SIGV4, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(e.countCalls('Unknown')).toBe(2);
  });

  test('path parameters and MaxResults are validated, naming the field', async () => {
    const { emu: e, client: c } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    const invalid = (field: string) => ({ name: 'ValidationException', message: expect.stringContaining(`'${field}'`), $metadata: { httpStatusCode: 400 } });
    for (const DomainName of ['ab', 'a'.repeat(29), 'My-Domain', '1domain', 'my_domain']) {
      await expect(c.send(new AssociatePackageCommand({ DomainName, PackageID: PKG }))).rejects.toMatchObject(invalid('domainName'));
    }
    for (const PackageID of ['X123', 'F12a', 'pkg-XYZ', 'f123']) {
      await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID }))).rejects.toMatchObject(invalid('packageID'));
    }
    await expect(c.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN, MaxResults: 101 }))).rejects.toMatchObject(invalid('maxResults'));
    await expect(c.send(new DescribePackagesCommand({ MaxResults: 500 }))).rejects.toMatchObject(invalid('maxResults'));
    await expect(c.send(new CreatePackageCommand({ PackageName: 'Bad Name', PackageType: 'TXT-DICTIONARY', PackageSource: SOURCE })))
      .rejects.toMatchObject(invalid('packageName'));
    // Valid ids of either form reach the state (and are unknown there).
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: 'pkg-0a1b' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(c.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: 'G123' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

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

// The AWS CLI (botocore) is a second, independent client of the same wire protocol.
const hasAws = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasAws) {
  console.warn('AWS CLI tests skipped: `aws` is not on PATH');
}
const itIfAws = hasAws ? test : test.skip;

/** The parts of the CLI's JSON output the tests read. */
interface CliOutput {
  DomainPackageDetails?: Record<string, unknown>;
  DomainPackageDetailsList: Record<string, unknown>[];
  NextToken?: string;
}

describe('AWS CLI against the emulator', () => {
  // Only the dummy credentials: no profile, config file or instance metadata from the machine.
  const cliEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env)) {
      if (name.startsWith('AWS_')) {
        delete env[name];
      }
    }
    return {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'dummy-secret',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
    };
  };
  const aws = async (e: Emulator, ...args: string[]) => {
    const { stdout } = await execFileAsync('aws', [
      'opensearch', ...args, '--endpoint-url', e.endpoint, '--region', 'us-east-1', '--output', 'json',
    ], { env: cliEnv(), timeout: 15_000 });
    return JSON.parse(stdout) as CliOutput;
  };

  itIfAws('associate-package and list-packages-for-domain (with --next-token) return the documented JSON', async () => {
    const { emu: e } = await setup({ listPageCap: 1 });
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    // Slow enough to still be ASSOCIATING after a few CLI start-ups.
    e.addPackage({ packageId: PKG2, packageName: 'stopwords', associateDelayMs: 60_000 });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });

    const associated = await aws(e, 'associate-package', '--domain-name', DOMAIN, '--package-id', PKG2);
    expect(associated.DomainPackageDetails).toMatchObject({ DomainName: DOMAIN, PackageID: PKG2, DomainPackageStatus: 'ASSOCIATING' });

    // botocore has no paginator for this operation, so the CLI returns one page and its NextToken.
    const first = await aws(e, 'list-packages-for-domain', '--domain-name', DOMAIN);
    expect(first.DomainPackageDetailsList).toEqual([
      expect.objectContaining({ PackageID: PKG, DomainPackageStatus: 'ACTIVE', ReferencePath: `analyzers/${PKG}`, PackageVersion: 'v1' }),
    ]);
    expect(typeof first.DomainPackageDetailsList[0].LastUpdated).toBe('number');
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await aws(e, 'list-packages-for-domain', '--domain-name', DOMAIN, '--next-token', first.NextToken!);
    expect(second.DomainPackageDetailsList).toEqual([expect.objectContaining({ PackageID: PKG2, DomainPackageStatus: 'ASSOCIATING' })]);
    expect(second.NextToken).toBeUndefined();
    expect(e.callsTo('ListPackagesForDomain').map(call => call.query.nextToken)).toEqual([undefined, first.NextToken]);
  }, 30_000);

  itIfAws('reports service errors with their code', async () => {
    const { emu: e } = await setup();
    e.addPackage({ packageId: PKG, packageName: 'synonyms' });
    e.addAssociation({ domainName: DOMAIN, packageId: PKG });
    const failure = await aws(e, 'associate-package', '--domain-name', DOMAIN, '--package-id', PKG).then(() => undefined, (err: unknown) => err);
    expect(failure).toMatchObject({ code: 255, stderr: expect.stringContaining('(ConflictException)') });
    expect((failure as { stderr: string }).stderr).toContain('Package is already in desired state');
  }, 30_000);
});
