import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DescribePackagesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { domainNamed, Scenario, startScenario, synthesize } from './harness';
import { DeploymentError } from '../../local/deploy';
import { CustomPackage, PackageAssociation, PackageProvider, PackageSource } from '../../src';

/**
 * Faults that used to end in a false success, a leaked package or a dead end, driven through the
 * synthesized handler bundles against the emulator: each must now end as it should.
 */

const DOMAIN = 'products';
const PACKAGE = 'F111111111';
const NAME = 'product-synonyms';

// Deployments that wait out a resource's deadline take a few real seconds on a loaded machine.
jest.setTimeout(30_000);

let files: string;

beforeAll(() => { files = mkdtempSync(path.join(tmpdir(), 'e2e-faults-')); });
afterAll(() => {
  rmSync(files, { recursive: true, force: true });
});

function withDomainAndPackage(s: Scenario): Scenario {
  s.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  s.emulator.addPackage({ packageId: PACKAGE, packageName: 'existing-synonyms', packageType: 'TXT-DICTIONARY' });
  return s;
}

/** AWS_MAX_ATTEMPTS keeps the SDK's retries (and their backoff) short, so "longer than the SDK's attempts" takes seconds. */
const startScenarioWithEnvironment = (environment: Record<string, string>) => startScenario({ environment });

const oneAssociation = () => synthesize((stack: Stack) => {
  new PackageAssociation(stack, 'Synonyms', { domain: domainNamed(stack, DOMAIN), packageId: PACKAGE, outputName: 'ReferencePath' });
});

function packageStack(): ReturnType<typeof synthesize> {
  const file = path.join(files, 'synonyms.txt');
  writeFileSync(file, 'laptop, notebook\n');
  return synthesize((stack: Stack) => {
    const pkg = new CustomPackage(stack, 'Synonyms', { source: PackageSource.fromAsset(file), packageName: NAME });
    new CfnOutput(stack, 'PackageId', { value: pkg.packageId });
  });
}

test('empty 200 replies while DISSOCIATING: the delete completes only once the association is really gone', async () => {
  const scenario = withDomainAndPackage(await startScenario({ dissociateDelayMs: 12_000 }));
  const { emulator, deployment } = scenario;
  await deployment.deploy(oneAssociation());
  emulator.faults.emptyReply({ operation: 'ListPackagesForDomain', domainName: DOMAIN, packageId: PACKAGE, whileStatus: 'DISSOCIATING', times: Infinity });
  emulator.clearCalls();

  await deployment.destroy();

  // Checked at once: had an empty reply been read as "not listed", the association would still be DISSOCIATING here.
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
  const listings = emulator.callsTo('ListPackagesForDomain');
  expect(listings.filter((call) => call.injected).length).toBeGreaterThanOrEqual(2);
  expect(listings[listings.length - 1]).toMatchObject({ status: 200, injected: false });
  expect(emulator.countCalls('DissociatePackage')).toBe(1);
});

test('a lost CreatePackage reply: the package the service made is adopted, not leaked, and deleted with the stack', async () => {
  const scenario = withDomainAndPackage(await startScenario());
  const { emulator, deployment } = scenario;
  emulator.faults.loseReply({ operation: 'CreatePackage', packageName: NAME });

  const outputs = await deployment.deploy(packageStack());

  expect(emulator.callsTo('CreatePackage').map((call) => call.errorType ?? call.status)).toEqual(['InternalException', 'ResourceAlreadyExistsException']);
  const client = new OpenSearchClient(emulator.clientConfig());
  const { PackageDetailsList } = await client.send(new DescribePackagesCommand({ Filters: [{ Name: 'PackageName', Value: [NAME] }] }));
  client.destroy();
  expect(PackageDetailsList?.map((details) => details.PackageID)).toEqual([outputs.PackageId]);
  expect(emulator.packageDetails(outputs.PackageId)).toMatchObject({ PackageName: NAME, PackageStatus: 'AVAILABLE' });

  await deployment.destroy();
  expect(emulator.packageDetails(outputs.PackageId)).toBeUndefined();
});

test('throttling of ListPackagesForDomain longer than the SDK\'s attempts: the wait goes on and succeeds', async () => {
  const scenario = withDomainAndPackage(await startScenarioWithEnvironment({ AWS_MAX_ATTEMPTS: '2' }));
  const { emulator, deployment } = scenario;
  // Ten throttled answers in a row: five polls' worth of the SDK's attempts here, and more than the
  // handler's default of eight, so one call could never ride them out alone.
  emulator.faults.add({ operation: 'ListPackagesForDomain', error: 'ThrottlingException', times: 10 });

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs.ReferencePath).toBe(`analyzers/${PACKAGE}`);
  const statuses = emulator.callsTo('ListPackagesForDomain').map((call) => call.status);
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(429));
  expect(statuses[statuses.length - 1]).toBe(200);
});

test('a very long ErrorMessage in ASSOCIATION_FAILED: the reason arrives with its start, shortened', async () => {
  const scenario = withDomainAndPackage(await startScenario());
  const { emulator, deployment } = scenario;
  const errorMessage = `Dictionary rejected: line 3 is malformed. ${'z'.repeat(10_000)}`;
  emulator.faults.failAssociation({ domainName: DOMAIN, packageId: PACKAGE, errorType: 'ValidationFailure', errorMessage });

  const error = await deployment.deploy(oneAssociation()).then(() => undefined, (e: DeploymentError) => e);

  expect(error).toBeInstanceOf(DeploymentError);
  const reason = Object.values(error!.reasons).find((r) => r.includes('ASSOCIATION_FAILED'))!;
  expect(reason).toMatch(new RegExp(`^Package ${PACKAGE} on domain ${DOMAIN} is ASSOCIATION_FAILED: ValidationFailure: Dictionary rejected: line 3 is malformed\\. z+… \\(\\d+ more characters\\)`));
  expect(Buffer.byteLength(reason)).toBeLessThan(1024);
});

test('a lost AssociatePackage reply after the SDK\'s last attempt: the association it started is adopted, not leaked', async () => {
  const scenario = withDomainAndPackage(await startScenarioWithEnvironment({ AWS_MAX_ATTEMPTS: '1' }));
  const { emulator, deployment } = scenario;
  emulator.faults.loseReply({ operation: 'AssociatePackage', domainName: DOMAIN, packageId: PACKAGE });

  const outputs = await deployment.deploy(oneAssociation());

  expect(outputs.ReferencePath).toBe(`analyzers/${PACKAGE}`);
  expect(emulator.callsTo('AssociatePackage').map((call) => call.status)).toEqual([500]);
  await deployment.destroy();
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('throttling that never ends is "not yet" only until the resource\'s own deadline, then the wait fails naming it', async () => {
  const scenario = withDomainAndPackage(await startScenarioWithEnvironment({ AWS_MAX_ATTEMPTS: '1' }));
  const { emulator, deployment } = scenario;
  emulator.faults.add({ operation: 'ListPackagesForDomain', error: 'ThrottlingException', times: Infinity });
  const stack = synthesize((s: Stack) => {
    PackageProvider.configure(s, { pollInterval: Duration.seconds(1) });
    new PackageAssociation(s, 'Synonyms', { domain: domainNamed(s, DOMAIN), packageId: PACKAGE, timeout: Duration.seconds(30) });
  });

  await expect(deployment.deploy(stack)).rejects.toThrow();

  // Both the create and the rollback's delete waited until the deadline, then failed naming the last error.
  const failures = scenario.events.filter((event) => event.status.endsWith('_FAILED')).map((event) => `${event.status}: ${event.reason}`);
  const reason = "The resource's timeout passed while the service could not be read; "
    + `the last poll failed with: ListPackagesForDomain failed for package ${PACKAGE} on domain ${DOMAIN}: ThrottlingException: Rate exceeded`;
  expect(failures).toEqual([`CREATE_FAILED: ${reason}`, `DELETE_FAILED: ${reason}`]);
  // It kept polling (several throttled answers), and stopped at its deadline, long before the provider's.
  expect(emulator.callsTo('ListPackagesForDomain').length).toBeGreaterThan(3);
});
