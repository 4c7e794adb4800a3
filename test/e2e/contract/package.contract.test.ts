/**
 * The contract of `Custom::OpenSearchPackage`, end to end against the emulator: create and read back,
 * a Create delivered twice, a name that is taken, update and delete of what is gone, and every
 * mutating call of its lifecycle under lost, unreadable, hanging and dropped replies.
 */
import * as path from 'path';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import {
  allPackages, contractScenario, deletePackage, failureOf, faultRows, fired, inject, mutatingCalls, SourceFiles, versionHistory,
} from './contract-support';
import type { FaultRow } from './contract-support';
import { LocalStackDeployment } from '../../../local/deploy';
import { CustomPackage, PackageSource, PackageType } from '../../../src';
import { Scenario, synthesize } from '../harness';

jest.setTimeout(90_000);

const NAME = 'contract-synonyms';
const files = new SourceFiles();

afterAll(() => {
  files.remove();
});

/** A stand-in plugin: only plugins can be shared with other accounts (vending). */
const PLUGIN_FILE = path.join(__dirname, '..', '..', 'fixtures', 'plugin', 'plugin.zip');

function packageStack(options: { sharedWith?: string[]; content?: string } = {}) {
  const file = files.write('synonyms.txt', options.content ?? 'laptop, notebook\n');
  const shared = options.sharedWith !== undefined;
  return synthesize((stack: Stack) => {
    const pkg = new CustomPackage(stack, 'Synonyms', shared
      ? {
        source: PackageSource.fromAsset(PLUGIN_FILE),
        packageName: NAME,
        packageType: PackageType.ZIP_PLUGIN,
        engineVersion: opensearch.EngineVersion.OPENSEARCH_2_19,
        vending: true,
        sharedWith: options.sharedWith,
      }
      : { source: PackageSource.fromAsset(file), packageName: NAME });
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'PackageName', { value: pkg.packageName });
    new CfnOutput(stack, 'PackageType', { value: pkg.packageType });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
  });
}

/** The logical id of the stack's package resource, from the deployment's events. */
function packageLogicalId(s: Scenario): string {
  return s.events.find((event) => event.resourceType === 'Custom::OpenSearchPackage')!.logicalId;
}

/** Nothing of the package is left: not the package, not a staged copy. */
async function expectNothingLeft(s: Scenario): Promise<void> {
  expect((await allPackages(s.emulator)).filter((p) => p.PackageName === NAME)).toEqual([]);
  expect(s.emulator.s3Calls.some((call) => call.operation === 'CopyObject')).toBe(true);
  const staged = s.emulator.s3Calls.filter((call) => call.operation === 'CopyObject').map((call) => call.pathParams);
  for (const { Bucket, Key } of staged) expect(s.emulator.s3.findObject(Bucket, Key!)).toBeUndefined();
}

describe('create and read back', () => {
  test('the service agrees with every attribute the resource returns', async () => {
    const scenario = await contractScenario();
    const outputs = await scenario.deployment.deploy(packageStack());

    const details = scenario.emulator.packageDetails(outputs.PackageId);
    expect(details).toMatchObject({
      PackageID: outputs.PackageId,
      PackageName: outputs.PackageName,
      PackageType: outputs.PackageType,
      AvailablePackageVersion: outputs.Version,
      PackageStatus: 'AVAILABLE',
    });
  });

  test('a Create delivered twice makes one package: the second finds the name taken and touches nothing', async () => {
    const scenario = await contractScenario();
    const outputs = await scenario.deployment.deploy(packageStack());
    scenario.emulator.clearCalls();

    const error = await failureOf(scenario.deployment.resend(packageLogicalId(scenario), 'Create'));

    expect(error.message).toContain(`A package named ${NAME} already exists in this Region`);
    expect((await allPackages(scenario.emulator)).map((p) => p.PackageID)).toEqual([outputs.PackageId]);
    expect(mutatingCalls(scenario.emulator).filter((call) => call !== 'CopyObject' && call !== 'DeleteObject')).toEqual(['CreatePackage']);
  });
});

describe('create where the target exists', () => {
  test('a name taken by another package is refused, and that package is left untouched, also on rollback', async () => {
    const scenario = await contractScenario();
    const theirs = scenario.emulator.addPackage({ packageId: 'F424242424', packageName: NAME, packageType: 'TXT-DICTIONARY' });

    const error = await failureOf(scenario.deployment.deploy(packageStack()));

    expect(error.message).toContain(`A package named ${NAME} already exists in this Region`);
    expect(scenario.emulator.packageDetails(theirs.PackageID!)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: theirs.AvailablePackageVersion });
    expect(mutatingCalls(scenario.emulator).filter((call) => call === 'DeletePackage' || call === 'UpdatePackage')).toEqual([]);
  });

  test('two stacks race for one name: exactly one creates it, the other is refused, and neither deletes the other\'s package', async () => {
    const scenario = await contractScenario();
    const rival = new LocalStackDeployment('Rival', { environment: scenario.emulator.env(), queryIntervalMs: 50, totalTimeoutMs: 20_000 });
    try {
      const results = await Promise.allSettled([scenario.deployment.deploy(packageStack()), rival.deploy(packageStack())]);
      const won = results.filter((r): r is PromiseFulfilledResult<Record<string, string>> => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0].reason as Error).message).toContain(`A package named ${NAME} already exists in this Region`);
      expect((await allPackages(scenario.emulator)).map((p) => p.PackageID)).toEqual([won[0].value.PackageId]);
      expect(scenario.emulator.packageDetails(won[0].value.PackageId)).toMatchObject({ PackageStatus: 'AVAILABLE' });
    } finally {
      await rival.close();
    }
  });
});

describe('update and delete of what is gone', () => {
  test('a Delete of a package that is already gone succeeds with no call on anything else', async () => {
    const scenario = await contractScenario();
    const outputs = await scenario.deployment.deploy(packageStack());
    await deletePackage(scenario.emulator, outputs.PackageId);
    scenario.emulator.clearCalls();

    await scenario.deployment.destroy();

    // Only the staged copy is deleted again (a no-op when it is gone).
    expect(mutatingCalls(scenario.emulator).filter((call) => call !== 'DeleteObject')).toEqual([]);
  });

  test('an Update of a package deleted outside the stack makes it again under its name, from the new file; destroy leaves nothing', async () => {
    const scenario = await contractScenario();
    const { emulator, deployment } = scenario;
    const { PackageId: goneId } = await deployment.deploy(packageStack());
    await deletePackage(emulator, goneId);

    const outputs = await deployment.deploy(packageStack({ content: 'laptop, notebook, portable\n' }));

    const named = (await allPackages(emulator)).filter((p) => p.PackageName === NAME);
    expect(named.map((p) => p.PackageID)).toEqual([outputs.PackageId]);
    expect(outputs.PackageId).not.toBe(goneId);
    expect(named[0]).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' });
    expect(emulator.packageFile(outputs.PackageId, 'v1')?.toString()).toBe('laptop, notebook, portable\n');
    await deployment.destroy();
    await expectNothingLeft(scenario);
  });

  test('a Delete whose physical id names a package of another name touches nothing and says why', async () => {
    const scenario = await contractScenario();
    await scenario.deployment.deploy(packageStack());
    const theirs = scenario.emulator.addPackage({ packageId: 'F434343434', packageName: 'someone-elses', packageType: 'TXT-DICTIONARY' });
    scenario.emulator.clearCalls();

    const error = await failureOf(scenario.deployment.resend(packageLogicalId(scenario), 'Delete', { physicalId: theirs.PackageID }));

    expect(error.message).toContain(`Refusing to delete package ${theirs.PackageID}`);
    expect(scenario.emulator.packageDetails(theirs.PackageID!)).toBeDefined();
    expect(mutatingCalls(scenario.emulator).filter((call) => call !== 'DeleteObject')).toEqual([]);
  });
});

describe('refusals', () => {
  test('sharing denied on Create (an SCP): the rollback removes no one it never added, and deletes the package', async () => {
    const scenario = await contractScenario();
    const { emulator, deployment } = scenario;
    emulator.faults.add({ operation: 'UpdatePackageScope', error: 'AccessDeniedException', message: 'Explicit deny in a service control policy' });

    const error = await failureOf(deployment.deploy(packageStack({ sharedWith: ['111122223333'] })));

    expect(error.message).toContain('UpdatePackageScope failed for package contract-synonyms');
    expect(emulator.callsTo('UpdatePackageScope').map((call) => (call.body as { Operation?: string }).Operation)).toEqual(['OVERRIDE']);
    expect((await allPackages(emulator)).filter((p) => p.PackageName === NAME)).toEqual([]);
  });
});

/** The package's mutating calls: deploy (stage, create, clean up), share, and destroy (unshare, delete). */
const ROWS: FaultRow[] = faultRows(['CreatePackage', 'DeletePackage', 'UpdatePackageScope', 'CopyObject', 'DeleteObject'], [
  { call: 'CreatePackage', fault: 'empty' },
  { call: 'CreatePackage', fault: 'truncated' },
  // A hang waits out the handler's request timeout: one row, on the call whose hang used to leak.
  { call: 'CreatePackage', fault: 'hang' },
]);

/** UpdatePackage's rows: the fault hits the update that a new file makes. */
const UPDATE_ROWS: FaultRow[] = faultRows(['UpdatePackage'], [
  { call: 'UpdatePackage', fault: 'empty' },
  { call: 'UpdatePackage', fault: 'truncated' },
  { call: 'UpdatePackage', fault: 'hang' },
]);

describe('faults on every mutating call', () => {
  test.each(ROWS)('$call with a $fault reply: the deployment converges, nothing leaks, nothing is done twice', async (row) => {
    const scenario = await contractScenario();
    const { emulator, deployment } = scenario;
    const sharing = row.call === 'UpdatePackageScope' ? { sharedWith: ['111122223333'] } : {};
    const destroying = row.call === 'DeletePackage';
    if (!destroying) inject(emulator, row);

    const outputs = await deployment.deploy(packageStack(sharing));

    expect((await allPackages(emulator)).map((p) => p.PackageID)).toEqual([outputs.PackageId]);
    expect(emulator.packageDetails(outputs.PackageId)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' });
    if (destroying) inject(emulator, row);
    await deployment.destroy();
    expect(fired(emulator)).toBe(true);
    await expectNothingLeft(scenario);
  });

  test.each(UPDATE_ROWS)('$call with a $fault reply: the update converges on one new version, nothing leaks, nothing is done twice', async (row) => {
    const scenario = await contractScenario();
    const { emulator, deployment } = scenario;
    const { PackageId: packageId } = await deployment.deploy(packageStack());
    inject(emulator, row);

    const outputs = await deployment.deploy(packageStack({ content: 'laptop, notebook, portable\n' }));

    expect(fired(emulator)).toBe(true);
    expect(outputs).toMatchObject({ PackageId: packageId, Version: 'v2' });
    expect(emulator.packageDetails(packageId)).toMatchObject({ PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v2' });
    expect(emulator.packageFile(packageId, 'v2')?.toString()).toBe('laptop, notebook, portable\n');
    expect((await versionHistory(emulator, packageId)).map((v) => v.PackageVersion)).toEqual(['v2', 'v1']);
    await deployment.destroy();
    await expectNothingLeft(scenario);
  });
});
