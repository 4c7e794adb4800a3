/** The emulator's UpdatePackageScope (package-scope.ts), through the SDK over HTTP. */
import { CreatePackageCommand, DescribePackagesCommand, OpenSearchClient, UpdatePackageScopeCommand } from '@aws-sdk/client-opensearch';
import type { UpdatePackageScopeRequest } from '@aws-sdk/client-opensearch';
import { Emulator, startEmulator } from '../../local/emulator';

const PLUGIN = 'pkg-0a0a';

let emu: Emulator;
let client: OpenSearchClient;

beforeEach(async () => {
  emu = await startEmulator();
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await emu.stop();
});

function addPlugin(vending = true, owner?: string) {
  emu.addPackage({
    packageId: PLUGIN, packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19', owner, plugin: { vending: { VendingEnabled: vending } },
  });
}

const scope = (Operation: UpdatePackageScopeRequest['Operation'], PackageUserList: string[], PackageID = PLUGIN) =>
  client.send(new UpdatePackageScopeCommand({ PackageID, Operation, PackageUserList }));

const allowListed = async () => (await client.send(new DescribePackagesCommand({
  Filters: [{ Name: 'PackageID', Value: [PLUGIN] }],
}))).PackageDetailsList?.[0]?.AllowListedUserList;

test('ADD, REMOVE and OVERRIDE change AllowListedUserList, and the reply lists the users after the update', async () => {
  addPlugin();
  expect(await allowListed()).toBeUndefined();

  await expect(scope('ADD', ['111111111111', '222222222222'])).resolves.toMatchObject({
    PackageID: PLUGIN, Operation: 'ADD', PackageUserList: ['111111111111', '222222222222'],
  });
  await scope('ADD', ['222222222222', '333333333333']);
  expect(await allowListed()).toEqual(['111111111111', '222222222222', '333333333333']);

  await expect(scope('REMOVE', ['111111111111', '999999999999'])).resolves.toMatchObject({ PackageUserList: ['222222222222', '333333333333'] });
  await expect(scope('OVERRIDE', ['GLOBAL'])).resolves.toMatchObject({ PackageUserList: ['GLOBAL'] });
  expect(await allowListed()).toEqual(['GLOBAL']);
});

test.each([
  ['an unknown package', () => scope('ADD', ['111111111111'], 'pkg-ffff'), 'ResourceNotFoundException', 'Package not found: pkg-ffff'],
  ['a user that is neither an account id nor GLOBAL', () => scope('ADD', ['global']), 'ValidationException', "Value 'global' at 'packageUserList.1.member'"],
  ['an unknown operation', () => scope('APPEND' as 'ADD', ['111111111111']), 'ValidationException', 'enum value set: [ADD, OVERRIDE, REMOVE]'],
  ['an empty list (stricter choice)', () => scope('OVERRIDE', []), 'ValidationException', 'PackageUserList must name at least one user'],
  ['a repeated user (stricter choice)', () => scope('ADD', ['111111111111', '111111111111']), 'ValidationException', 'more than once'],
  ["the owner's own account (stricter choice)", () => scope('ADD', ['123456789012']), 'ValidationException', "the owner can't be added"],
])('refuses %s', async (_what, call, name, message) => {
  addPlugin();
  await expect(call()).rejects.toMatchObject({ name, message: expect.stringContaining(message) });
});

test('a package without vending is DisabledOperationException (409), a stricter choice', async () => {
  addPlugin(false);
  await expect(scope('ADD', ['111111111111'])).rejects.toMatchObject({
    name: 'DisabledOperationException', $metadata: { httpStatusCode: 409 },
  });
});

test("a package the account doesn't own can't be re-scoped", async () => {
  addPlugin(true, 'AWS');
  await expect(scope('ADD', ['111111111111'])).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('only its owner') });
});

test('a package still COPYING or VALIDATING is refused until AVAILABLE (stricter choice)', async () => {
  const created = await client.send(new CreatePackageCommand({
    PackageName: 'lockbox',
    PackageType: 'ZIP-PLUGIN',
    EngineVersion: 'OpenSearch_2.19',
    PackageSource: { S3BucketName: 'bucket', S3Key: 'plugin.zip' },
    PackageVendingOptions: { VendingEnabled: true },
  }));
  const packageId = created.PackageDetails!.PackageID!;
  expect(created.PackageDetails?.PackageStatus).toBe('COPYING');
  await expect(scope('ADD', ['111111111111'], packageId)).rejects.toMatchObject({
    name: 'ValidationException', message: expect.stringMatching(/is (COPYING|VALIDATING): its scope can only be updated when it is AVAILABLE/),
  });
});
