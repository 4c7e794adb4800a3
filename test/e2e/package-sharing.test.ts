import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { startScenario, synthesize } from './harness';
import { CustomPackage, PackageProvider, PackageSource, PackageType } from '../../src';

/**
 * Sharing a plugin with other accounts (UpdatePackageScope) against the emulator over
 * HTTP: the accounts are on the package after deploy, a change replaces the list, and destroy takes
 * the sharing back before the package is deleted.
 */

jest.setTimeout(60_000);

let files: string;

beforeAll(() => {
  files = mkdtempSync(path.join(tmpdir(), 'e2e-sharing-'));
  writeFileSync(path.join(files, 'plugin.zip'), 'PK plugin binary');
});
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

function scopeBody(body: unknown): { Operation?: string; PackageUserList?: string[] } {
  return (body ?? {}) as { Operation?: string; PackageUserList?: string[] };
}

function sharedPlugin(accounts: string[]) {
  return synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    const plugin = new CustomPackage(stack, 'Plugin', {
      source: PackageSource.fromAsset(path.join(files, 'plugin.zip')),
      packageType: PackageType.ZIP_PLUGIN,
      packageName: 'lockbox',
      engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
      vending: true,
    });
    if (accounts.length > 0) plugin.shareWith(...accounts);
    new CfnOutput(stack, 'PluginId', { value: plugin.packageId });
  });
}

test('a shared plugin lists its accounts after deploy; a change replaces them; destroy unshares, then deletes', async () => {
  const scenario = await startScenario();
  const { emulator, deployment } = scenario;

  const { PluginId: plugin } = await deployment.deploy(sharedPlugin(['111111111111', '222222222222']));

  expect(emulator.packageDetails(plugin)).toMatchObject({
    PackageStatus: 'AVAILABLE',
    PackageVendingOptions: { VendingEnabled: true },
    AllowListedUserList: ['111111111111', '222222222222'],
  });

  await deployment.deploy(sharedPlugin(['333333333333']));
  expect(emulator.packageDetails(plugin)?.AllowListedUserList).toEqual(['333333333333']);

  await deployment.destroy();

  const scopeCalls = emulator.callsTo('UpdatePackageScope').map((call) => ({ status: call.status, ...scopeBody(call.body) }));
  expect(scopeCalls.map((call) => [call.status, call.Operation, call.PackageUserList])).toEqual([
    [200, 'OVERRIDE', ['111111111111', '222222222222']],
    [200, 'OVERRIDE', ['333333333333']],
    [200, 'REMOVE', ['333333333333']],
  ]);
  const succeeded = emulator.calls.filter((call) => call.status === 200).map((call) => call.operation);
  expect(succeeded.filter((operation) => operation === 'DeletePackage')).toHaveLength(1);
  expect(succeeded.lastIndexOf('UpdatePackageScope')).toBeLessThan(succeeded.indexOf('DeletePackage'));
  expect(emulator.packageDetails(plugin)).toBeUndefined();
});

test('dropping every account takes the sharing back and leaves the package', async () => {
  const scenario = await startScenario();
  const { emulator, deployment } = scenario;

  const { PluginId: plugin } = await deployment.deploy(sharedPlugin(['GLOBAL']));
  expect(emulator.packageDetails(plugin)?.AllowListedUserList).toEqual(['GLOBAL']);

  await deployment.deploy(sharedPlugin([]));

  expect(emulator.packageDetails(plugin)).toMatchObject({ PackageStatus: 'AVAILABLE', AllowListedUserList: [] });
  expect(emulator.callsTo('UpdatePackageScope').map((call) => scopeBody(call.body).Operation)).toEqual(['OVERRIDE', 'REMOVE']);
});
