/** The emulator CLI's options (local/cli-options.ts): a deleted package is visibly DELETING by default. */
import { DeletePackageCommand, DescribePackagesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { waitFor } from './sdk-setup';
import { parseCliOptions } from '../../local/cli-options';
import { Emulator, startEmulator } from '../../local/emulator';

let emu: Emulator | undefined;
let client: OpenSearchClient | undefined;

afterEach(async () => {
  client?.destroy();
  await emu?.stop();
  emu = client = undefined;
});

/** Starts the emulator the CLI would start for `args`, with its seeded packages, and deletes F123456789. */
async function deleteThroughCli(args: string[]): Promise<() => Promise<string[]>> {
  const options = parseCliOptions(['--port', '0', '--package', 'F123456789:synonyms', ...args]);
  emu = await startEmulator(options.emulator);
  for (const seed of options.packages) emu.addPackage({ packageId: seed.packageId, packageName: seed.packageName });
  client = new OpenSearchClient({ ...emu.clientConfig(), maxAttempts: 1 });
  const c = client;
  await c.send(new DeletePackageCommand({ PackageID: 'F123456789' }));
  return async () => ((await c.send(new DescribePackagesCommand({}))).PackageDetailsList ?? []).map((p) => p.PackageStatus!);
}

test('by default a deleted package is DELETING for a while, then gone', async () => {
  const statuses = await deleteThroughCli([]);
  expect(await statuses()).toEqual(['DELETING']);
  await waitFor(statuses, (list) => list.length === 0);
});

test('--package-delete-delay-ms sets how long it stays DELETING', async () => {
  const statuses = await deleteThroughCli(['--package-delete-delay-ms', '0']);
  expect(await statuses()).toEqual([]);
});

test('the package processing delays are options too, and bad values are refused', () => {
  expect(parseCliOptions(['--package-copy-delay-ms', '10', '--package-validate-delay-ms', '20']).emulator)
    .toMatchObject({ packageCopyDelayMs: 10, packageValidateDelayMs: 20, packageDeleteDelayMs: 200 });
  expect(() => parseCliOptions(['--package-delete-delay-ms=-1'])).toThrow('--package-delete-delay-ms expects a non-negative integer');
});
