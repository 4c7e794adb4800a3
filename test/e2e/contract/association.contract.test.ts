/**
 * The contract of `Custom::OpenSearchPackageAssociation`, end to end against the emulator: create and
 * read back, a Create delivered twice, an ACTIVE association adopted, update and delete of what is
 * gone, a Delete that does not own its target, faults on AssociatePackage and DissociatePackage, and
 * the three kinds of refusal: invisible and transient, permanent, busy.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { contractScenario, DOMAIN, failureOf, faultRows, fired, inject, mutatingCalls } from './contract-support';
import { PackageAssociation } from '../../../src';
import { domainNamed, Scenario, synthesize } from '../harness';

jest.setTimeout(90_000);

const PACKAGE = 'F111111111';
const OTHER = 'F222222222';

async function withPackages(): Promise<Scenario> {
  const s = await contractScenario();
  s.emulator.addPackage({ packageId: PACKAGE, packageName: 'synonyms', packageType: 'TXT-DICTIONARY' });
  s.emulator.addPackage({ packageId: OTHER, packageName: 'stopwords', packageType: 'TXT-DICTIONARY' });
  return s;
}

function associationStack() {
  return synthesize((stack: Stack) => {
    const association = new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId: PACKAGE });
    new CfnOutput(stack, 'Version', { value: association.packageVersion });
    new CfnOutput(stack, 'Name', { value: association.packageName });
    new CfnOutput(stack, 'Type', { value: association.packageType });
    new CfnOutput(stack, 'Path', { value: association.referencePath });
  });
}

function associationLogicalId(s: Scenario): string {
  return s.events.find((event) => event.resourceType === 'Custom::OpenSearchPackageAssociation')!.logicalId;
}

describe('create and read back', () => {
  test('the service agrees with every attribute the resource returns', async () => {
    const scenario = await withPackages();
    const outputs = await scenario.deployment.deploy(associationStack());

    expect(scenario.emulator.association(DOMAIN, PACKAGE)).toMatchObject({
      DomainPackageStatus: 'ACTIVE', PackageVersion: outputs.Version, PackageName: outputs.Name, PackageType: outputs.Type, ReferencePath: outputs.Path,
    });
  });

  test('a Create delivered twice makes one association, with one AssociatePackage', async () => {
    const scenario = await withPackages();
    await scenario.deployment.deploy(associationStack());
    scenario.emulator.clearCalls();

    const again = await scenario.deployment.resend(associationLogicalId(scenario), 'Create');

    expect(again.PhysicalResourceId).toBe(`opensearch-package-association:${DOMAIN}:${PACKAGE}`);
    expect(scenario.emulator.packagesForDomain(DOMAIN).map((p) => p.PackageID)).toEqual([PACKAGE]);
    expect(scenario.emulator.callsTo('AssociatePackage').filter((call) => call.status === 200).length).toBeLessThanOrEqual(1);
  });

  test('an ACTIVE association is adopted, and the stack deletes what it adopted only on destroy', async () => {
    const scenario = await withPackages();
    scenario.emulator.addAssociation({ domainName: DOMAIN, packageId: PACKAGE });

    const outputs = await scenario.deployment.deploy(associationStack());

    expect(outputs.Version).toBe(scenario.emulator.association(DOMAIN, PACKAGE)?.PackageVersion);
    expect(scenario.emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
  });
});

describe('update and delete of what is gone', () => {
  test('a Delete of an association that is already gone succeeds with no call on anything else', async () => {
    const scenario = await withPackages();
    await scenario.deployment.deploy(associationStack());
    scenario.emulator.addAssociation({ domainName: DOMAIN, packageId: OTHER });
    const logicalId = associationLogicalId(scenario);
    await scenario.deployment.resend(logicalId, 'Delete');
    scenario.emulator.clearCalls();

    await scenario.deployment.resend(logicalId, 'Delete');

    expect(mutatingCalls(scenario.emulator).filter((call) => call !== 'DissociatePackage')).toEqual([]);
    expect(scenario.emulator.callsTo('DissociatePackage').every((call) => call.status !== 200)).toBe(true);
    expect(scenario.emulator.association(DOMAIN, OTHER)?.DomainPackageStatus).toBe('ACTIVE');
  });

  test('an Update of an association removed outside the stack converges by associating it again', async () => {
    const scenario = await withPackages();
    await scenario.deployment.deploy(associationStack());
    const logicalId = associationLogicalId(scenario);
    await scenario.deployment.resend(logicalId, 'Delete');
    scenario.emulator.clearCalls();

    await scenario.deployment.resend(logicalId, 'Update');

    expect(scenario.emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
    expect(mutatingCalls(scenario.emulator)).toEqual(['AssociatePackage']);
  });

  test('a Delete whose physical id names another association touches nothing and says why', async () => {
    const scenario = await withPackages();
    await scenario.deployment.deploy(associationStack());
    scenario.emulator.addAssociation({ domainName: DOMAIN, packageId: OTHER });
    scenario.emulator.clearCalls();

    const error = await failureOf(scenario.deployment.resend(associationLogicalId(scenario), 'Delete',
      { physicalId: `opensearch-package-association:${DOMAIN}:${OTHER}` }));

    expect(error.message).toContain('Refusing to dissociate');
    expect(mutatingCalls(scenario.emulator)).toEqual([]);
    expect(scenario.emulator.association(DOMAIN, OTHER)?.DomainPackageStatus).toBe('ACTIVE');
  });
});

describe('faults on every mutating call', () => {
  test.each(faultRows(['AssociatePackage', 'DissociatePackage'], [{ call: 'AssociatePackage', fault: 'empty' }]))(
    '$call with a $fault reply: the deployment converges, nothing leaks, nothing is done twice', async (row) => {
      const scenario = await withPackages();
      const { emulator, deployment } = scenario;
      if (row.call === 'AssociatePackage') inject(emulator, row);

      await deployment.deploy(associationStack());
      expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
      if (row.call === 'DissociatePackage') inject(emulator, row);
      await deployment.destroy();

      expect(fired(emulator)).toBe(true);
      expect(emulator.packagesForDomain(DOMAIN)).toEqual([]);
    });
});

describe('refusals', () => {
  test('invisible and transient: a ConflictException on an idle domain that passes within the grace is just a request', async () => {
    const scenario = await withPackages();
    scenario.emulator.faults.add({ operation: 'AssociatePackage', error: 'ConflictException', times: 1 });

    await scenario.deployment.deploy(associationStack());

    expect(scenario.emulator.callsTo('AssociatePackage').map((call) => call.errorType ?? call.status)).toEqual(['ConflictException', 200]);
    expect(scenario.emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
  });

  test('permanent: an index that still uses the package fails the dissociation within 2 minutes, whatever the wording', async () => {
    const scenario = await withPackages();
    await scenario.deployment.deploy(associationStack());
    scenario.emulator.markPackageInUse(DOMAIN, PACKAGE, 'products');
    scenario.emulator.setRefusalWording({ packageInUse: 'Dissociation refused.' });

    const started = Date.now();
    const error = await failureOf(scenario.deployment.destroy());

    expect(Date.now() - started).toBeLessThan(120_000);
    expect(error.message).toContain(`DissociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN} while the domain is idle`);
    expect(error.message).toContain('ConflictException: Dissociation refused. Likely cause: an index may still use this package');
    expect(scenario.emulator.callsTo('DissociatePackage').length).toBeGreaterThanOrEqual(3);
    expect(scenario.emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
  }, 150_000);

  test('busy: a refusal while another package is ASSOCIATING waits for it, then succeeds', async () => {
    const scenario = await withPackages();
    const artifact = associationStack();
    // Long enough on the scenario clock to outlast the deployment's synth and cold start (real time).
    scenario.emulator.setPackageTiming(OTHER, { associateDelayMs: 60_000 });
    scenario.emulator.addAssociation({ domainName: DOMAIN, packageId: OTHER, status: 'ASSOCIATING' });

    await scenario.deployment.deploy(artifact);

    expect(scenario.emulator.callsTo('AssociatePackage').some((call) => call.errorType === 'ConflictException')).toBe(true);
    expect(scenario.emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
  });
});
