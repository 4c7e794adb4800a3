/**
 * The contract of `Custom::OpenSearchPackageAssociationBatch` (PluginInstallation), end to end against
 * the emulator: create and read back, a Create delivered twice, update and delete of what is gone, a
 * Delete that does not own its target, unreadable listings, and faults on AssociatePackages and
 * DissociatePackages.
 */
import { Stack } from 'aws-cdk-lib';
import { contractScenario, DOMAIN, failureOf, faultRows, fired, inject, mutatingCalls } from './contract-support';
import { CustomPackage, PluginInstallation } from '../../../src';
import { domainNamed, Scenario, synthesize } from '../harness';

jest.setTimeout(90_000);

const PLUGIN = 'pkg-0a0a';
const LICENSE = 'pkg-1b1b';
const BATCH = [PLUGIN, LICENSE];

async function withPlugin(): Promise<Scenario> {
  const s = await contractScenario();
  s.emulator.addPackage({ packageId: PLUGIN, packageName: 'lockbox', packageType: 'ZIP-PLUGIN', engineVersion: 'OpenSearch_2.19' });
  s.emulator.addPackage({ packageId: LICENSE, packageName: 'lockbox-license', packageType: 'PACKAGE-LICENSE' });
  return s;
}

function installationStack() {
  return synthesize((stack: Stack) => {
    new PluginInstallation(stack, 'Lockbox', {
      domain: domainNamed(stack, DOMAIN),
      plugin: CustomPackage.fromPackageId(stack, 'Plugin', PLUGIN),
      license: CustomPackage.fromPackageId(stack, 'License', LICENSE),
    });
  });
}

function installationLogicalId(s: Scenario): string {
  return s.events.find((event) => event.resourceType === 'Custom::OpenSearchPackageAssociationBatch')!.logicalId;
}

const statuses = (s: Scenario) => BATCH.map((id) => s.emulator.association(DOMAIN, id)?.DomainPackageStatus);

describe('create and read back', () => {
  test('the service shows every package of the batch ACTIVE, the license naming the plugin as prerequisite', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());

    expect(statuses(scenario)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(scenario.emulator.association(DOMAIN, LICENSE)).toMatchObject({ PrerequisitePackageIDList: [PLUGIN] });
  });

  test('a Create delivered twice makes one installation, with one accepted AssociatePackages', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());
    scenario.emulator.clearCalls();

    await scenario.deployment.resend(installationLogicalId(scenario), 'Create');

    expect(scenario.emulator.callsTo('AssociatePackages').filter((call) => call.status === 200)).toHaveLength(0);
    expect(statuses(scenario)).toEqual(['ACTIVE', 'ACTIVE']);
  });
});

describe('update and delete of what is gone', () => {
  test('a Delete of an installation that is already gone succeeds with no call on anything else', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());
    const logicalId = installationLogicalId(scenario);
    await scenario.deployment.resend(logicalId, 'Delete');
    scenario.emulator.clearCalls();

    await scenario.deployment.resend(logicalId, 'Delete');

    expect(mutatingCalls(scenario.emulator)).toEqual([]);
  });

  test('a Delete whose physical id names other packages touches nothing and says why', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());
    scenario.emulator.clearCalls();

    const error = await failureOf(scenario.deployment.resend(installationLogicalId(scenario), 'Delete',
      { physicalId: `opensearch-package-association-batch:${DOMAIN}:pkg-9999+pkg-8888` }));

    expect(error.message).toContain('Refusing to dissociate');
    expect(mutatingCalls(scenario.emulator)).toEqual([]);
    expect(statuses(scenario)).toEqual(['ACTIVE', 'ACTIVE']);
  });
});

describe('unreadable listings are transient, everywhere', () => {
  test('a 200 {} listing when Delete starts: the Delete still dissociates every package', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());
    scenario.emulator.faults.emptyReply({ operation: 'ListPackagesForDomain', domainName: DOMAIN });

    await scenario.deployment.destroy();

    expect(fired(scenario.emulator)).toBe(true);
    expect(statuses(scenario)).toEqual([undefined, undefined]);
  });

  test('a 200 {} listing while DISSOCIATING: the Delete completes only once the packages are gone', async () => {
    const scenario = await withPlugin();
    await scenario.deployment.deploy(installationStack());
    scenario.emulator.faults.emptyReply({ operation: 'ListPackagesForDomain', domainName: DOMAIN, packageId: PLUGIN, whileStatus: 'DISSOCIATING' });

    await scenario.deployment.destroy();

    // Checked at once: had {} been read as "nothing listed", the packages would still be DISSOCIATING here.
    expect(fired(scenario.emulator)).toBe(true);
    expect(statuses(scenario)).toEqual([undefined, undefined]);
  });
});

describe('faults on every mutating call', () => {
  test.each(faultRows(['AssociatePackages', 'DissociatePackages']))(
    '$call with a $fault reply: the deployment converges, nothing leaks, nothing is done twice', async (row) => {
      const scenario = await withPlugin();
      const { emulator, deployment } = scenario;
      if (row.call === 'AssociatePackages') inject(emulator, row);

      await deployment.deploy(installationStack());
      expect(statuses(scenario)).toEqual(['ACTIVE', 'ACTIVE']);
      if (row.call === 'DissociatePackages') inject(emulator, row);
      await deployment.destroy();

      expect(fired(emulator)).toBe(true);
      expect(statuses(scenario)).toEqual([undefined, undefined]);
    });
});
