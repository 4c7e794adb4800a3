import { CreatePackageCommand, DescribeDomainResponse, DissociatePackageCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { domainNamed, E2E_TIME_SCALE, jumpingClock, Scenario, startScenario, synthesize } from './harness';
import { DeploymentError, ScaledClock } from '../../local/deploy';
import { CallRecord, DomainPackageDetails, PackageDetails } from '../../local/emulator';
import { PackageAssociation, PackageProvider } from '../../src';

/**
 * The synthesized handler bundles, driven through CloudFormation's Create / Update / Delete lifecycle
 * against the emulator over HTTP with the real AWS SDK.
 */

const DOMAIN = 'products';
const PACKAGE = 'F111111111';

jest.setTimeout(30_000);

/** Longer than any test waits: a state held this long ends only when the test jumps the emulator past it. */
const HOLD_MS = 60 * 60_000;

/** The test's scenario: its clock and events are read by the helpers below. */
let scenario: Scenario | undefined;

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

test('a ConflictException on an idle domain is asked once more after the pause, and the association takes', async () => {
  const { emulator, deployment } = await setUp();
  emulator.faults.add({ operation: 'AssociatePackage', error: 'ConflictException', times: 1 });

  await deployment.deploy(oneAssociation());

  const answers = emulator.callsTo('AssociatePackage').map((call) => call.errorType ?? call.status);
  expect(answers).toEqual(['ConflictException', 200]);
  // The handler looked at the domain's state to decide, not at the message.
  expect(emulator.countCalls('DescribeDomain')).toBe(1);
  expect(emulator.association(DOMAIN, PACKAGE)?.DomainPackageStatus).toBe('ACTIVE');
});

test('waits while another package is still ASSOCIATING on the domain', async () => {
  // The other association is in flight until our AssociatePackage has met it, however slow the machine.
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const { emulator, deployment } = await setUp({
    time,
    clock: emulatorClock.now,
    onCall: (call) => { if (call.operation === 'AssociatePackage' && call.errorType === 'ConflictException') emulatorClock.jump(HOLD_MS); },
  });
  emulator.addPackage({ packageId: 'F222222222', packageName: 'stopwords', packageType: 'TXT-DICTIONARY' });
  const artifact = oneAssociation();
  emulator.setPackageTiming('F222222222', { associateDelayMs: HOLD_MS });
  emulator.addAssociation({ domainName: DOMAIN, packageId: 'F222222222', status: 'ASSOCIATING' });

  await deployment.deploy(artifact);

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
  const order = emulator.calls.filter((call) => /^(As|Dis)sociatePackage$/.test(call.operation)).map((call) => `${call.operation} ${call.pathParams.PackageID}`);
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
  // The service holds the association ASSOCIATING past the resource's 30 s, until the rollback's
  // dissociation meets it; then it settles, and the rollback (with its own 30 s) removes it.
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const { emulator, deployment } = await setUp({
    time,
    clock: emulatorClock.now,
    associateDelayMs: HOLD_MS,
    onCall: (call) => { if (call.operation === 'DissociatePackage' && call.status !== 200) emulatorClock.jump(HOLD_MS); },
  });
  const started = time.now();
  const error = await errorOf(deployment.deploy(synthesize((stack: Stack) => {
    PackageProvider.configure(stack, { pollInterval: Duration.seconds(1) });
    new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId: PACKAGE, timeout: Duration.seconds(30) });
  })));

  expect(Object.values(error.reasons)).toEqual([expect.stringContaining(
    `Waited 30 seconds for package ${PACKAGE} on domain ${DOMAIN} to become ACTIVE; it is still ASSOCIATING.`)]);
  // The resource's deadlines (30 s each for the create and the rollback's delete), not the harness's
  // 10 minute waiter ceiling, ended the wait.
  expect(time.now() - started).toBeLessThan(3 * 60_000);
  expect(emulator.countCalls('AssociatePackage')).toBe(1);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

// ---- refusals that retrying can't cure fail fast; busy ones are waited out -----------------------

/** Prints how long a failing case took and what it said, for the closing note (E2E_TIMINGS=1). */
function report(label: string, ms: number, reason: string | undefined): void {
  if (process.env.E2E_TIMINGS) process.stdout.write(`E2E_TIMING ${label}: ${ms} ms: ${reason}\n`);
}

// An in-use dissociation that outlives the refusal grace: test/e2e/contract/association.contract.test.ts (refusals, permanent).

test('a dissociation refused while another package is associating still succeeds', async () => {
  // The other association is in flight until the handler, refused, has seen it ASSOCIATING.
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const seenAssociating = (call: CallRecord) => call.operation === 'ListPackagesForDomain'
    && (call.response as { DomainPackageDetailsList?: DomainPackageDetails[] } | undefined)?.DomainPackageDetailsList
      ?.some((details) => details.PackageID === 'F222222222' && details.DomainPackageStatus === 'ASSOCIATING');
  const { emulator, deployment } = await setUp({
    time,
    clock: emulatorClock.now,
    onCall: (call) => { if (seenAssociating(call) && emulator.callsTo('DissociatePackage').length > 0) emulatorClock.jump(HOLD_MS); },
  });
  await deployment.deploy(oneAssociation());
  emulator.addPackage({ packageId: 'F222222222', packageName: 'stopwords', packageType: 'TXT-DICTIONARY' });
  emulator.addAssociation({ domainName: DOMAIN, packageId: 'F222222222', status: 'ASSOCIATING', completesInMs: HOLD_MS });
  emulator.setRefusalWording({ domainBusy: 'Try later.' });

  await deployment.destroy();

  const answers = emulator.callsTo('DissociatePackage').map((call) => call.errorType ?? call.status);
  expect(answers[0]).toBe('ConflictException');
  expect(answers[answers.length - 1]).toBe(200);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
  expect(emulator.association(DOMAIN, 'F222222222')?.DomainPackageStatus).toBe('ACTIVE');
});

test('a dissociation refused while DescribeDomain shows a configuration change still succeeds', async () => {
  // The change goes on until the handler, refused, has seen the domain processing it.
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const { emulator, deployment } = await setUp({
    time,
    clock: emulatorClock.now,
    onCall: (call) => { if (call.operation === 'DescribeDomain' && (call.response as DescribeDomainResponse)?.DomainStatus?.Processing) emulatorClock.jump(HOLD_MS); },
  });
  await deployment.deploy(oneAssociation());
  emulator.setChangeInProgress(DOMAIN, HOLD_MS);
  emulator.setRefusalWording({ changeInProgress: 'Busy.' });

  await deployment.destroy();

  const answers = emulator.callsTo('DissociatePackage').map((call) => call.errorType ?? call.status);
  expect(answers[0]).toBe('ValidationException');
  expect(answers[answers.length - 1]).toBe(200);
  expect(emulator.countCalls('DescribeDomain')).toBeGreaterThan(0);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('a pinned old version fails at once, naming both versions', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({ packageId: 'F444444444', packageName: 'versioned', packageType: 'TXT-DICTIONARY', versions: 2 });
  const pinned = synthesize((stack: Stack) => {
    new PackageAssociation(stack, 'Pinned', { domain: domainNamed(stack, DOMAIN), packageId: 'F444444444', packageVersion: 'v1' });
  });

  const started = scenario!.clock.now();
  const error = await errorOf(deployment.deploy(pinned));
  const elapsed = scenario!.clock.now() - started;

  const reason = Object.values(error.reasons)[0];
  report('pinned old version', elapsed, reason);
  expect(reason).toBe(`Package F444444444 can't be associated with domain ${DOMAIN} at the pinned version v1: its available version is v2, `
    + 'and AssociatePackage always takes the available version. Pin packageVersion to v2, or leave it out');
  // No pause and no poll: well within the 2 minutes a refusal may take (cold starts look 20 times longer on this clock).
  expect(elapsed).toBeLessThan(60_000);
  expect(emulator.countCalls('AssociatePackage')).toBe(0);
});

test('a package still VALIDATING is waited for, then associated', async () => {
  // Validation lasts until the handler has seen it, however slow the machine.
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  const validating = (call: CallRecord) => call.operation === 'DescribePackages'
    && (call.response as { PackageDetailsList?: PackageDetails[] } | undefined)?.PackageDetailsList?.[0]?.PackageStatus === 'VALIDATING';
  const { emulator, deployment } = await setUp({
    time,
    clock: emulatorClock.now,
    packageValidateDelayMs: HOLD_MS,
    onCall: (call) => { if (validating(call)) emulatorClock.jump(HOLD_MS); },
  });
  // Made a moment earlier by someone else (another stack, a script), from an SSE-S3 object.
  emulator.s3.createBucket('shared-dictionaries');
  emulator.s3.putObject('shared-dictionaries', 'synonyms.txt', Buffer.from('laptop, notebook\n'), { encryption: { algorithm: 'AES256' } });
  const client = new OpenSearchClient(emulator.clientConfig());
  const { PackageDetails: created } = await client.send(new CreatePackageCommand({
    PackageName: 'fresh-synonyms', PackageType: 'TXT-DICTIONARY', PackageSource: { S3BucketName: 'shared-dictionaries', S3Key: 'synonyms.txt' },
  }));
  client.destroy();
  const packageId = created!.PackageID!;

  const outputs = await deployment.deploy(oneAssociation(packageId));

  expect(outputs.ReferencePath).toBe(`analyzers/${packageId}`);
  const seen = emulator.callsTo('DescribePackages').map((call) => call.status);
  expect(seen.length).toBeGreaterThan(1);
  // Associated only once the package was AVAILABLE: never refused for being VALIDATING.
  expect(emulator.callsTo('AssociatePackage').map((call) => call.errorType ?? call.status)).toEqual([200]);
  expect(emulator.association(DOMAIN, packageId)?.DomainPackageStatus).toBe('ACTIVE');
});

test('a package that failed validation fails the association at once with its ErrorDetails', async () => {
  const { emulator, deployment } = await setUp();
  emulator.addPackage({
    packageId: 'F555555555',
    packageName: 'broken',
    packageType: 'TXT-DICTIONARY',
    status: 'VALIDATION_FAILED',
    errorDetails: { ErrorType: 'InvalidSynonyms', ErrorMessage: 'Line 2: malformed rule' },
  });

  const started = scenario!.clock.now();
  const error = await errorOf(deployment.deploy(oneAssociation('F555555555')));
  const elapsed = scenario!.clock.now() - started;

  const reason = Object.values(error.reasons)[0];
  report('package VALIDATION_FAILED', elapsed, reason);
  expect(reason).toBe(`Package F555555555 can't be associated with domain ${DOMAIN}: it is VALIDATION_FAILED: InvalidSynonyms: `
    + 'Line 2: malformed rule. Fix the file and update the package');
  expect(emulator.countCalls('AssociatePackage')).toBe(0);
});

function logicalIdOfAssociation(): string {
  return scenario!.events.find((event) => event.status === 'CREATE_COMPLETE')!.logicalId;
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error('condition not met in time');
}
