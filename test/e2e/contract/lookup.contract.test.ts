/**
 * The contract of `Custom::OpenSearchPackageLookup`, end to end against the emulator: it reads and
 * never mutates, so its promises are read back, a repeat, the delete of what is gone, and that an
 * unreadable reply is never mistaken for "no such package".
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { contractScenario, failureOf, mutatingCalls } from './contract-support';
import { CustomPackage } from '../../../src';
import { Scenario, synthesize } from '../harness';

jest.setTimeout(60_000);

const NAME = 'stopwords-en';

function lookupStack() {
  return synthesize((stack: Stack) => {
    const pkg = CustomPackage.fromPackageName(stack, 'Stopwords', NAME);
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
    new CfnOutput(stack, 'PackageType', { value: pkg.packageType });
    new CfnOutput(stack, 'Version', { value: pkg.availablePackageVersion });
  });
}

const lookupLogicalId = (s: Scenario) => s.events.find((event) => event.resourceType === 'Custom::OpenSearchPackageLookup')!.logicalId;

test('create and read back: the service agrees with every attribute the look-up returns, and nothing is changed', async () => {
  const scenario = await contractScenario();
  const seeded = scenario.emulator.addPackage({ packageId: 'F515151515', packageName: NAME, packageType: 'TXT-DICTIONARY' });

  const outputs = await scenario.deployment.deploy(lookupStack());

  expect(outputs).toMatchObject({ PackageId: seeded.PackageID, PackageType: seeded.PackageType, Version: seeded.AvailablePackageVersion });
  expect(mutatingCalls(scenario.emulator)).toEqual([]);
});

test('a Create delivered twice finds the same package; a Delete of what is gone touches nothing', async () => {
  const scenario = await contractScenario();
  scenario.emulator.addPackage({ packageId: 'F515151515', packageName: NAME, packageType: 'TXT-DICTIONARY' });
  const outputs = await scenario.deployment.deploy(lookupStack());

  const again = await scenario.deployment.resend(lookupLogicalId(scenario), 'Create');
  await scenario.deployment.destroy();
  await scenario.deployment.deploy(lookupStack());
  scenario.emulator.clearCalls();
  await scenario.deployment.destroy();

  expect(again.Data.PackageId).toBe(outputs.PackageId);
  expect(scenario.emulator.calls).toEqual([]);
});

test('an unreadable DescribePackages reply is never read as "no such package"', async () => {
  const scenario = await contractScenario();
  scenario.emulator.addPackage({ packageId: 'F515151515', packageName: NAME, packageType: 'TXT-DICTIONARY' });
  scenario.emulator.faults.emptyReply({ operation: 'DescribePackages', times: Infinity });

  const error = await failureOf(scenario.deployment.deploy(lookupStack()));

  expect(error.message).toContain('unexpected empty response from DescribePackages');
  expect(error.message).not.toContain(`No OpenSearch Service package is named ${NAME}`);
});
