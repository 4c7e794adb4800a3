import { DissociatePackageCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PackageAssociation, PackageProvider } from '../../src';
import { DeploymentError } from '../local-deploy';
import { closeScenario, domainNamed, removeAssemblies, Scenario, startScenario, synthesize } from './harness';

/**
 * The synthesized handler bundles, driven through CloudFormation's Create / Update / Delete lifecycle
 * against the emulator over HTTP with the real AWS SDK.
 */

const DOMAIN = 'products';
const PACKAGE = 'F111111111';

let scenario: Scenario | undefined;
afterEach(async () => closeScenario(scenario));
afterAll(removeAssemblies);

async function setUp(options: Parameters<typeof startScenario>[0] = {}): Promise<Scenario> {
  scenario = await startScenario(options);
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addPackage({ packageId: PACKAGE, packageName: 'product-synonyms', packageType: 'TXT-DICTIONARY' });
  return scenario;
}

function oneAssociation(packageId = PACKAGE, timeout?: Duration) {
  return synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId, outputName: 'ReferencePath', timeout });
  });
}

function errorOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}

test('happy path: associates, outputs the reference path, dissociates on destroy', async () => {
  const { emulator, deployment } = await setUp();

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs).toEqual({ ReferencePath: `analyzers/${PACKAGE}` });
  expect(emulator.association(DOMAIN, PACKAGE)).toMatchObject({ DomainPackageStatus: 'ACTIVE', PackageVersion: 'v1' });
  await deployment.destroy();
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
  expect(emulator.countCalls('DissociatePackage')).toBe(1);
});

test('finds the package on the fourth page of ListPackagesForDomain', async () => {
  const { emulator, deployment } = await setUp({ listPageCap: 2 });
  emulator.addFillerPackages(DOMAIN, 6); // two per page: ours is the seventh entry, on page four

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs.ReferencePath).toBe(`analyzers/${PACKAGE}`);
  const pages = emulator.callsTo('ListPackagesForDomain');
  const lastLookup = pages.slice(-4);
  expect(lastLookup[0].query.nextToken).toBeUndefined();
  expect(lastLookup.slice(1).every((call) => typeof call.query.nextToken === 'string')).toBe(true);
  expect(lastLookup.map((call) => call.query.maxResults)).toEqual(['100', '100', '100', '100']);
});

test('ConflictException twice before the association takes', async () => {
  const { emulator, deployment } = await setUp();
  emulator.faults.add({ operation: 'AssociatePackage', error: 'ConflictException', times: 2 });

  await deployment.deploy(oneAssociation());

  const answers = emulator.callsTo('AssociatePackage').map((call) => call.errorType ?? call.status);
  expect(answers).toEqual(['ConflictException', 'ConflictException', 200]);
  expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
});

test('waits while another package is still ASSOCIATING on the domain', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({ packageId: 'F222222222', packageName: 'stopwords', packageType: 'TXT-DICTIONARY' });
  emulator.setPackageTiming('F222222222', { associateDelayMs: 600 });
  emulator.addAssociation({ domainName: DOMAIN, packageId: 'F222222222', status: 'ASSOCIATING' });

  await deployment.deploy(oneAssociation());

  expect(emulator.callsTo('AssociatePackage').some((call) => call.errorType === 'ConflictException')).toBe(true);
  expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
});

test('ASSOCIATION_FAILED fails the resource with the service message and rolls back', async () => {
  const { emulator, deployment } = await setUp();
  emulator.faults.failAssociation({ packageId: PACKAGE, errorType: 'INVALID_SYNONYMS', errorMessage: 'Line 3: malformed synonym rule' });

  const error = await errorOf(deployment.deploy(oneAssociation()));

  expect(error).toBeInstanceOf(DeploymentError);
  const reason = Object.values(error.reasons)[0];
  expect(reason).toContain('Line 3: malformed synonym rule');
  expect(reason).toContain(DOMAIN);
  expect(reason).toContain(PACKAGE);
  // Rollback deleted what the failed create had started.
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('a missing domain fails at once, naming the domain and the service error', async () => {
  const { emulator, deployment } = await setUp();
  emulator.removeDomain(DOMAIN);

  const error = await errorOf(deployment.deploy(oneAssociation()));

  const reason = Object.values(error.reasons)[0];
  expect(reason).toMatch(/ResourceNotFoundException/);
  expect(reason).toContain(DOMAIN);
  expect(emulator.countCalls('AssociatePackage')).toBe(1);
  expect(emulator.countCalls('ListPackagesForDomain')).toBe(0); // no waiting on something that cannot come
});

test('deleting an association that is already gone succeeds', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(oneAssociation());
  // Someone dissociates the package outside the stack.
  const client = new OpenSearchClient(emulator.clientConfig());
  await client.send(new DissociatePackageCommand({ DomainName: DOMAIN, PackageID: PACKAGE }));
  await waitUntil(() => emulator.association(DOMAIN, PACKAGE) === undefined);
  emulator.clearCalls();

  await deployment.destroy();

  expect(emulator.callsTo('DissociatePackage').map((call) => call.errorType)).toEqual(['ValidationException']);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('throttling and a 500 during create are retried', async () => {
  const { emulator, deployment } = await setUp();
  emulator.faults.add({ operation: 'AssociatePackage', error: 'ThrottlingException', times: 2 });
  emulator.faults.add({ operation: 'ListPackagesForDomain', error: 'InternalException', times: 1 });

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs.ReferencePath).toBe(`analyzers/${PACKAGE}`);
  expect(emulator.callsTo('AssociatePackage').map((call) => call.status)).toEqual([429, 429, 200]);
  expect(emulator.callsTo('ListPackagesForDomain')[0].status).toBe(500);
});

test('adopts a package that is already ACTIVE on the domain', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addAssociation({ domainName: DOMAIN, packageId: PACKAGE, status: 'ACTIVE' });

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs.ReferencePath).toBe(`analyzers/${PACKAGE}`);
  expect(emulator.callsTo('AssociatePackage').map((call) => call.errorType)).toEqual(['ConflictException']);
});

test('replacing the package id associates the new package, then dissociates the old one', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({ packageId: 'F333333333', packageName: 'synonyms-v2', packageType: 'TXT-DICTIONARY' });
  await deployment.deploy(oneAssociation(PACKAGE));
  const oldPhysicalId = deployment.physicalId(logicalIdOfAssociation());

  const outputs = await deployment.deploy(oneAssociation('F333333333'));

  expect(outputs.ReferencePath).toBe('analyzers/F333333333');
  expect(deployment.physicalId(logicalIdOfAssociation())).not.toBe(oldPhysicalId);
  expect(emulator.association(DOMAIN, 'F333333333')?.DomainPackageStatus).toBe('ACTIVE');
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
  const order = emulator.calls.filter((call) => call.operation !== 'ListPackagesForDomain').map((call) => `${call.operation} ${call.pathParams.PackageID}`);
  expect(order).toEqual([`AssociatePackage ${PACKAGE}`, 'AssociatePackage F333333333', `DissociatePackage ${PACKAGE}`]);
});

test('five associations on one domain deploy one after another without a conflict', async () => {
  const { emulator, deployment, events } = await setUp();
  const ids = ['F100000001', 'F100000002', 'F100000003', 'F100000004', 'F100000005'];
  ids.forEach((id, i) => emulator.addPackage({ packageId: id, packageName: `dictionary-${i}`, packageType: 'TXT-DICTIONARY' }));

  await deployment.deploy(synthesize((stack) => {
    const domain = domainNamed(stack, DOMAIN);
    ids.forEach((packageId, i) => new PackageAssociation(stack, `Dictionary${i}`, { domain, packageId }));
  }));

  for (const id of ids) expect(emulator.association(DOMAIN, id)?.DomainPackageStatus).toBe('ACTIVE');
  expect(emulator.calls.filter((call) => call.errorType)).toEqual([]);
  // Each association starts only after the previous one completed.
  const statuses = events.map((event) => `${event.logicalId.replace(/[0-9A-F]{8}$/, '')} ${event.status}`);
  expect(statuses).toEqual(ids.flatMap((_id, i) => [`Dictionary${i} CREATE_IN_PROGRESS`, `Dictionary${i} CREATE_COMPLETE`]));
});

test('timeout, poll interval and log retention change after the first deployment, in place', async () => {
  const { emulator, deployment, events } = await setUp();
  const first = oneAssociation(PACKAGE);
  await deployment.deploy(first);
  const id = logicalIdOfAssociation();
  emulator.clearCalls();
  events.length = 0;

  const second = synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(30), logRetention: logs.RetentionDays.ONE_YEAR });
    new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId: PACKAGE, outputName: 'ReferencePath', timeout: Duration.minutes(45) });
  });
  const serviceToken = (artifact: typeof first) => JSON.stringify(artifact.template.Resources[id].Properties?.ServiceToken);
  expect(serviceToken(second)).toBe(serviceToken(first));
  await deployment.deploy(second);

  expect(events.filter((event) => event.logicalId === id).map((event) => event.status)).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
  // A new timeout asks nothing of the service: the association stays as it was.
  expect(emulator.calls.filter((call) => call.operation !== 'ListPackagesForDomain')).toEqual([]);
  expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
  expect(deployment.outputs).toEqual({ ReferencePath: `analyzers/${PACKAGE}` });
});

test('a changed ServiceToken is refused, as CloudFormation refuses it: "Modifying service token is not allowed."', async () => {
  // The library never changes a ServiceToken (see the provider tests); this checks that the local
  // deploy would catch it if it did, by editing the template by hand.
  const { emulator, deployment } = await setUp();
  await deployment.deploy(oneAssociation(PACKAGE));
  const id = logicalIdOfAssociation();
  const second = oneAssociation(PACKAGE);
  const resources = second.template.Resources as Record<string, any>;
  resources.AnotherProviderOnEvent = resources[resources[id].Properties.ServiceToken['Fn::GetAtt'][0]];
  resources[id].Properties.ServiceToken = { 'Fn::GetAtt': ['AnotherProviderOnEvent', 'Arn'] };
  emulator.clearCalls();

  const error = await errorOf(deployment.deploy(second));

  expect(error.reasons).toEqual({ [id]: 'Modifying service token is not allowed.' });
  expect(emulator.calls).toEqual([]);
  expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
});

test('past its own timeout, an association fails with what it waited for, not the framework\'s "Operation timed out"', async () => {
  // The service takes 3 s; the resource allows 2 s.
  const { emulator, deployment } = await setUp({ associateDelayMs: 3_000 });
  const started = Date.now();
  const error = await errorOf(deployment.deploy(synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId: PACKAGE, timeout: Duration.seconds(2) });
  })));

  expect(Object.values(error.reasons)).toEqual([expect.stringContaining(
    `Waited 2 seconds for package ${PACKAGE} on domain ${DOMAIN} to become ACTIVE; it is still ASSOCIATING.`)]);
  // The 2 s deadline, not the harness's 20 s waiter ceiling, ended the wait; the rollback's delete
  // (with its own 2 s) waited for the association to settle and then removed it.
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(emulator.countCalls('AssociatePackage')).toBe(1);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

function logicalIdOfAssociation(): string {
  return scenario!.events.find((event) => event.status === 'CREATE_COMPLETE')!.logicalId;
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error('condition not met in time');
}
