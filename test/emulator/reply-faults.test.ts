/** The reply fault modes, seen through the real @aws-sdk/client-opensearch. */
import {
  AssociatePackageCommand, CreatePackageCommand, DescribePackagesCommand, DissociatePackageCommand, ListPackagesForDomainCommand, OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { Emulator, startEmulator } from '../../local/emulator';

const DOMAIN = 'my-domain';
const PKG = 'F123456789';

let emu: Emulator | undefined;
let client: OpenSearchClient | undefined;

beforeEach(async () => {
  emu = await startEmulator({ associateDelayMs: 50, dissociateDelayMs: 400 });
  emu.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  emu.addPackage({ packageId: PKG, packageName: 'synonyms', packageType: 'TXT-DICTIONARY' });
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client?.destroy();
  await emu?.stop();
});

test('an empty reply while DISSOCIATING is a 200 with {} only while the association has that status', async () => {
  emu!.addAssociation({ domainName: DOMAIN, packageId: PKG, status: 'ACTIVE' });
  emu!.faults.emptyReply({ operation: 'ListPackagesForDomain', domainName: DOMAIN, packageId: PKG, whileStatus: 'DISSOCIATING', times: Infinity });

  const before = await client!.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN }));
  expect(before.DomainPackageDetailsList?.map((d) => d.DomainPackageStatus)).toEqual(['ACTIVE']);

  await client!.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }));
  const during = await client!.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN }));
  expect(during.DomainPackageDetailsList).toBeUndefined();
  expect(emu!.callsTo('ListPackagesForDomain').slice(-1)[0]).toMatchObject({ status: 200, injected: true });

  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await client!.send(new ListPackagesForDomainCommand({ DomainName: DOMAIN }));
  expect(after.DomainPackageDetailsList).toEqual([]);
});

test('a lost CreatePackage reply creates the package and answers 500', async () => {
  emu!.faults.loseReply({ operation: 'CreatePackage', packageName: 'lost-reply' });

  await expect(client!.send(new CreatePackageCommand({
    PackageName: 'lost-reply', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'my-bucket', S3Key: 'a.txt' },
  }))).rejects.toMatchObject({ name: 'InternalException', $metadata: { httpStatusCode: 500 } });

  const { PackageDetailsList } = await client!.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: ['lost-reply'] }] }));
  expect(PackageDetailsList).toHaveLength(1);
  expect(emu!.faults.pending()).toEqual([]);
});

test('a lost AssociatePackage reply starts the association', async () => {
  emu!.faults.loseReply({ operation: 'AssociatePackage', domainName: DOMAIN });

  await expect(client!.send(new AssociatePackageCommand({ DomainName: DOMAIN, PackageID: PKG }))).rejects.toMatchObject({ name: 'InternalException' });
  expect(emu!.association(DOMAIN, PKG)).toBeDefined();
});

describe('every reply fault through the real SDK', () => {
  const create = (name: string, timeouts?: OpenSearchClient) => (timeouts ?? client!).send(new CreatePackageCommand({
    PackageName: name, PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'my-bucket', S3Key: 'a.txt' },
  }));
  const named = async (name: string) =>
    (await client!.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: [name] }] }))).PackageDetailsList ?? [];

  test.each(['html', 'truncated'] as const)('a %s 200 after CreatePackage made the package is an unreadable reply', async (kind) => {
    emu!.faults.reply({ operation: 'CreatePackage', packageName: `${kind}-reply`, kind });

    const failure = await create(`${kind}-reply`).then(() => undefined, (error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(await named(`${kind}-reply`)).toHaveLength(1);
    expect(emu!.callsTo('CreatePackage')[0]).toMatchObject({ status: 200, injected: true });
  });

  test('a hang after CreatePackage made the package: the client gives up, the package exists', async () => {
    emu!.faults.reply({ operation: 'CreatePackage', packageName: 'hung-reply', kind: 'hang' });
    const impatient = new OpenSearchClient({
      ...emu!.clientConfig(), maxAttempts: 1, requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
    });
    try {
      await expect(create('hung-reply', impatient)).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      impatient.destroy();
    }
    expect(await named('hung-reply')).toHaveLength(1);
    expect(emu!.callsTo('CreatePackage')[0]).toMatchObject({ status: 0, injected: true });
  });

  test('a dropped request resets the connection and does nothing', async () => {
    emu!.faults.reply({ operation: 'CreatePackage', packageName: 'dropped-request', kind: 'dropped' });

    await expect(create('dropped-request')).rejects.toBeInstanceOf(Error);
    expect(await named('dropped-request')).toEqual([]);
  });
});
