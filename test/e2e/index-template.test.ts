import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { closeScenario, E2E_TIME_SCALE, jumpingClock, removeAssemblies, Scenario, STACK_NAME, startScenario, synthesize, synthesizeStack } from './harness';
import { ProductSearchStack, ProductSearchStackProps } from '../../examples/app';
import { IndexTemplate } from '../../examples/index-template/index-template';
import { CREATE_FAILED_MARKER, DeploymentError, LocalStackDeployment, ScaledClock, StackArtifact } from '../../local/deploy';
import { LambdaHost } from '../../local/deploy/lambda-host';
import type { CallRecord, DomainPackageDetails, Emulator } from '../../local/emulator';
import { callDomain } from '../../local/emulator/domain-endpoint/domain-client';
import { PackageAssociation } from '../../src';

/**
 * The example's IndexTemplate end to end: its handler bundle puts and deletes the template over HTTPS
 * (SigV4, certificate verified) on the emulator's domain endpoint, which refuses a template whose
 * synonyms_path is not a package ACTIVE on the domain, as OpenSearch does.
 */

const DOMAIN = 'products';
const EXAMPLE_DOMAIN = 'product-search';
const PACKAGE = 'F111111111';
const TEMPLATE_TYPE = 'Custom::OpenSearchIndexTemplate';

let scenario: Scenario | undefined;
let extraDeployment: LocalStackDeployment | undefined;
afterEach(async () => {
  await extraDeployment?.close();
  extraDeployment = undefined;
  await closeScenario(scenario);
});
afterAll(removeAssemblies);

async function setUp(options: Parameters<typeof startScenario>[0] = {}): Promise<Scenario> {
  scenario = await startScenario({ domainEndpoints: true, ...options });
  scenario.emulator.addDomain(DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addDomain(EXAMPLE_DOMAIN, { engineVersion: 'OpenSearch_2.19' });
  scenario.emulator.addPackage({ packageId: PACKAGE, packageName: 'seeded-synonyms', packageType: 'TXT-DICTIONARY' });
  return scenario;
}

/** The example app's own stack. */
function exampleStack(props: ProductSearchStackProps = {}): StackArtifact {
  return synthesizeStack((app) => new ProductSearchStack(app, STACK_NAME, { env: { account: '123456789012', region: 'us-east-1' }, ...props }));
}

interface TemplateStackOptions {
  /** The filter's synonyms_path: the association's referencePath unless given. */
  readonly synonymsPath?: string;
  /** Whether the template depends on the association explicitly (default true). */
  readonly dependsOnAssociation?: boolean;
  readonly templateName?: string;
  readonly indexPatterns?: string[];
}

/** A domain, an association of PACKAGE with it, and an index template whose filter reads a dictionary. */
function templateStack(options: TemplateStackOptions = {}): StackArtifact {
  return synthesize((stack) => {
    const domain = new opensearch.Domain(stack, 'Domain', { domainName: DOMAIN, version: opensearch.EngineVersion.OPENSEARCH_2_19 });
    const association = new PackageAssociation(stack, 'Synonyms', { domain, packageId: PACKAGE });
    const template = new IndexTemplate(stack, 'Template', {
      domain,
      templateName: options.templateName ?? 'products',
      template: {
        index_patterns: options.indexPatterns ?? ['products*'],
        template: {
          settings: {
            analysis: {
              filter: { product_synonyms: { type: 'synonym_graph', synonyms_path: options.synonymsPath ?? association.referencePath, updateable: true } },
              analyzer: { product_search: { tokenizer: 'standard', filter: ['lowercase', 'product_synonyms'] } },
            },
          },
        },
      },
    });
    if (options.dependsOnAssociation ?? true) template.node.addDependency(association);
  });
}

function templateLogicalId(artifact: StackArtifact): string {
  const [id] = Object.entries(artifact.template.Resources).find(([, resource]) => resource.Type === TEMPLATE_TYPE)!;
  return id;
}

function errorOf(promise: Promise<unknown>): Promise<DeploymentError> {
  return promise.then(() => { throw new Error('expected the deployment to fail'); }, (error) => error);
}

/** What a ListPackagesForDomain call answered about one package. */
function statusIn(call: CallRecord, packageId: string): string | undefined {
  const list = (call.response as { DomainPackageDetailsList?: DomainPackageDetails[] } | undefined)?.DomainPackageDetailsList ?? [];
  return list.find((details) => details.PackageID === packageId)?.DomainPackageStatus;
}

async function getTemplate(emulator: Emulator, domainName: string, name: string) {
  return callDomain(emulator, domainName, { method: 'GET', path: `/_index_template/${name}` });
}

test('the example stack puts the products template, reading the ACTIVE package, on the domain', async () => {
  const { emulator, deployment } = await setUp();

  const outputs = await deployment.deploy(exampleStack());

  const referencePath = outputs.SynonymsReferencePath;
  expect(referencePath).toMatch(/^analyzers\/F\d{9}$/);
  expect(outputs.IndexTemplateName).toBe('products');
  const packageId = referencePath.split('/')[1];
  expect(emulator.association(EXAMPLE_DOMAIN, packageId)?.DomainPackageStatus).toBe('ACTIVE');
  // Read back through the domain's REST API, signed, over verified HTTPS.
  const answer = await getTemplate(emulator, EXAMPLE_DOMAIN, 'products');
  expect(answer.status).toBe(200);
  const [{ name, index_template: stored }] = answer.body.index_templates;
  expect(name).toBe('products');
  expect(stored.index_patterns).toEqual(['products*']);
  // Booleans stay booleans: the body travelled as JSON, not as CloudFormation's stringified properties.
  expect(stored.template.settings.analysis.filter.product_synonyms).toEqual({ type: 'synonym_graph', synonyms_path: referencePath, updateable: true });
  expect(stored.template.mappings.properties.name).toEqual({ type: 'text', analyzer: 'standard', search_analyzer: 'product_search' });
});

test('the example redeploys with a new timeout, poll interval and log retention, in place', async () => {
  const { emulator, deployment, events } = await setUp();
  const first = exampleStack();
  await deployment.deploy(first);
  emulator.clearCalls();
  events.length = 0;

  const second = exampleStack({
    timeout: Duration.minutes(45),
    packageProvider: { pollInterval: Duration.seconds(30), logRetention: logs.RetentionDays.ONE_YEAR },
  });
  const tokens = (artifact: StackArtifact) => Object.entries(artifact.template.Resources)
    .filter(([, resource]) => resource.Type.startsWith('Custom::OpenSearchPackage'))
    .map(([id, resource]) => `${id} ${JSON.stringify(resource.Properties?.ServiceToken)}`);
  expect(tokens(second)).toEqual(tokens(first));
  await deployment.deploy(second);

  // Both library resources are updated in place (their Timeout changed), and nothing is asked of the service.
  expect(events.map((event) => `${event.resourceType} ${event.status}`)).toEqual([
    'Custom::OpenSearchPackage UPDATE_IN_PROGRESS', 'Custom::OpenSearchPackage UPDATE_COMPLETE',
    'Custom::OpenSearchPackageAssociation UPDATE_IN_PROGRESS', 'Custom::OpenSearchPackageAssociation UPDATE_COMPLETE',
  ]);
  expect(emulator.calls.filter((call) => !['DescribePackages', 'ListPackagesForDomain', 'GetPackageVersionHistory'].includes(call.operation))).toEqual([]);
  expect(emulator.association(EXAMPLE_DOMAIN, deployment.physicalId(events[0].logicalId)!)?.DomainPackageStatus).toBe('ACTIVE');
});

test('the template is put only after ListPackagesForDomain showed the package ACTIVE', async () => {
  const { emulator, deployment } = await setUp({ associateDelayMs: 8_000 });

  const outputs = await deployment.deploy(exampleStack());

  const packageId = outputs.SynonymsReferencePath.split('/')[1];
  const calls = emulator.calls;
  const lists = calls.filter((call) => call.operation === 'ListPackagesForDomain' && call.pathParams.DomainName === EXAMPLE_DOMAIN);
  expect(lists.map((call) => statusIn(call, packageId))).toContain('ASSOCIATING'); // there was a wait to respect
  const firstActive = calls.findIndex((call) => call.operation === 'ListPackagesForDomain' && statusIn(call, packageId) === 'ACTIVE');
  const puts = calls.flatMap((call, index) => (call.operation === 'PutIndexTemplate' ? [index] : []));
  expect(firstActive).toBeGreaterThanOrEqual(0);
  expect(puts).toHaveLength(1);
  expect(puts[0]).toBeGreaterThan(firstActive);
  expect(calls[puts[0]].status).toBe(200);
});

// Longer than any cold start of a handler process, and than the harness's total timeout: a deployment
// that waited for it would fail.
const HOLD_MS = 60 * 60_000;

/**
 * A scenario whose associations stay ASSOCIATING for HOLD_MS of emulator time, until the clock jumps ahead
 * when the deployment's poll sees one ASSOCIATING after the template's PUT was answered, or while the
 * template has not even started (it waits for the association). So a template that does not wait is put
 * before its dictionary is ACTIVE however slow the machine is, and no test waits HOLD_MS.
 */
async function setUpHeldAssociation(): Promise<Scenario> {
  const time = new ScaledClock(E2E_TIME_SCALE);
  const emulatorClock = jumpingClock(time);
  let putAnswered = false;
  return setUp({
    time,
    associateDelayMs: HOLD_MS,
    clock: emulatorClock.now,
    onCall: (call) => {
      if (call.operation === 'PutIndexTemplate') putAnswered = true;
      const templateStarted = scenario?.events.some((event) => event.resourceType === TEMPLATE_TYPE);
      const seenAssociating = call.operation === 'ListPackagesForDomain' && statusIn(call, PACKAGE) === 'ASSOCIATING';
      if (seenAssociating && (putAnswered || !templateStarted)) emulatorClock.jump(HOLD_MS);
    },
  });
}

test('without the wait, the domain refuses a template whose dictionary is not ACTIVE yet', async () => {
  // A hard-coded path carries no dependency: the template goes out while the association is under way.
  const { emulator, deployment } = await setUpHeldAssociation();

  const error = await errorOf(deployment.deploy(templateStack({ synonymsPath: `analyzers/${PACKAGE}`, dependsOnAssociation: false })));

  const reason = Object.values(error.reasons).join('; ');
  expect(reason).toBe(`PUT _index_template/products failed (400): failed to build synonyms: index.analysis.filter.product_synonyms.synonyms_path names [analyzers/${PACKAGE}], `
    + `which is not a package ACTIVE on domain [${DOMAIN}]`);
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual([]);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined(); // rolled back

  // The same template with the dependency, on the same clock, waits for ACTIVE and is accepted.
  await closeScenario(scenario);
  const retry = await setUpHeldAssociation();
  await retry.deployment.deploy(templateStack({ synonymsPath: `analyzers/${PACKAGE}`, dependsOnAssociation: true }));
  expect(retry.emulator.indexTemplate(DOMAIN, 'products')).toBeDefined();
  const statuses = retry.emulator.callsTo('ListPackagesForDomain').map((call) => statusIn(call, PACKAGE));
  expect(statuses).toContain('ASSOCIATING'); // there was a wait, and the template sat it out
  expect(retry.emulator.callsTo('PutIndexTemplate').map((call) => call.status)).toEqual([200]);
}, 20_000); // two deployments, each with cold starts

test('a template naming a package that is not associated fails the deployment with OpenSearch\'s reason', async () => {
  const { emulator, deployment } = await setUp();
  const artifact = templateStack({ synonymsPath: 'analyzers/F999999999' });

  const error = await errorOf(deployment.deploy(artifact));

  expect(error).toBeInstanceOf(DeploymentError);
  expect(error.reasons[templateLogicalId(artifact)]).toBe('PUT _index_template/products failed (400): failed to build synonyms: '
    + 'index.analysis.filter.product_synonyms.synonyms_path names [analyzers/F999999999], which is not a package ACTIVE on domain [products]');
  expect(emulator.callsTo('PutIndexTemplate').map((call) => call.status)).toEqual([400]);
  // Rolled back: no template, and the association the deployment made is gone again.
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual([]);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('destroy deletes the template before the package is dissociated', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(templateStack());
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual(['products']);

  await deployment.destroy();

  const answer = await getTemplate(emulator, DOMAIN, 'products');
  expect(answer.status).toBe(404);
  expect(answer.body.error.type).toBe('resource_not_found_exception');
  const order = emulator.calls.map((call) => `${call.operation} ${call.status}`).filter((line) => /^(DeleteIndexTemplate|DissociatePackage)/.test(line));
  expect(order).toEqual(['DeleteIndexTemplate 200', 'DissociatePackage 200']);
});

test('deleting a template that is already gone succeeds', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(templateStack());
  expect((await callDomain(emulator, DOMAIN, { method: 'DELETE', path: '/_index_template/products' })).status).toBe(200);

  await deployment.destroy();

  expect(emulator.callsTo('DeleteIndexTemplate').map((call) => call.status)).toEqual([200, 404]);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('a changed body is put again in place; a new name puts the new template and deletes the old one', async () => {
  const { emulator, deployment } = await setUp();
  const first = templateStack();
  await deployment.deploy(first);
  const id = templateLogicalId(first);
  const physicalId = deployment.physicalId(id);
  expect(physicalId).toBe(`index-template:${emulator.domainEndpoint(DOMAIN)}:products`);

  await deployment.deploy(templateStack({ indexPatterns: ['products*', 'catalog*'] }));
  expect(deployment.physicalId(id)).toBe(physicalId);
  expect(emulator.indexTemplate(DOMAIN, 'products')?.index_patterns).toEqual(['products*', 'catalog*']);

  await deployment.deploy(templateStack({ templateName: 'products-v2' }));
  expect(deployment.physicalId(id)).toBe(`index-template:${emulator.domainEndpoint(DOMAIN)}:products-v2`);
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual(['products-v2']);
  // A new name is created (?create=true), an unchanged one replaced in place.
  const writes = emulator.calls.filter((call) => call.operation.endsWith('IndexTemplate'))
    .map((call) => `${call.operation} ${call.pathParams.TemplateName}${call.query.create ? `?create=${call.query.create}` : ''}`);
  expect(writes).toEqual(['PutIndexTemplate products?create=true', 'PutIndexTemplate products', 'PutIndexTemplate products-v2?create=true', 'DeleteIndexTemplate products']);
});

test('a template of the same name already on the domain fails the create, and the rollback leaves it as it was', async () => {
  const { emulator, deployment } = await setUp();
  const theirs = { index_patterns: ['legacy-products*'], priority: 7 };
  expect((await callDomain(emulator, DOMAIN, { method: 'PUT', path: '/_index_template/products', body: theirs })).status).toBe(200);
  const artifact = templateStack();

  const error = await errorOf(deployment.deploy(artifact));

  expect(error.reasons[templateLogicalId(artifact)]).toBe('PUT _index_template/products failed (400): index template [products] already exists');
  expect(emulator.callsTo('PutIndexTemplate').map((call) => [call.query.create, call.status])).toEqual([[undefined, 200], ['true', 400]]);
  // The failed create has no physical id of ours, so the rollback deletes nothing on the domain.
  expect(emulator.countCalls('DeleteIndexTemplate')).toBe(0);
  expect(emulator.indexTemplate(DOMAIN, 'products')).toEqual(theirs);
  expect(emulator.association(DOMAIN, PACKAGE)).toBeUndefined();
});

test('renaming to a template that already exists fails the update and leaves both templates alone', async () => {
  const { emulator, deployment } = await setUp();
  const first = templateStack();
  await deployment.deploy(first);
  const id = templateLogicalId(first);
  const physicalId = deployment.physicalId(id);
  const ours = emulator.indexTemplate(DOMAIN, 'products');
  const theirs = { index_patterns: ['catalog*'] };
  expect((await callDomain(emulator, DOMAIN, { method: 'PUT', path: '/_index_template/products-v2', body: theirs })).status).toBe(200);

  const error = await errorOf(deployment.deploy(templateStack({ templateName: 'products-v2' })));

  expect(error.reasons[id]).toBe('PUT _index_template/products-v2 failed (400): index template [products-v2] already exists');
  expect(deployment.physicalId(id)).toBe(physicalId);
  expect(emulator.indexTemplate(DOMAIN, 'products-v2')).toEqual(theirs);
  expect(emulator.indexTemplate(DOMAIN, 'products')).toEqual(ours);
  expect(emulator.countCalls('DeleteIndexTemplate')).toBe(0);

  // The stack still owns only its own template.
  await deployment.destroy();
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual(['products-v2']);
});

test('the handler ignores a Delete whose physical id is not its template\'s (the provider framework\'s failed-create id)', async () => {
  // The Provider framework skips that Delete itself; the handler does not rely on it.
  const { emulator } = await setUp();
  const theirs = { index_patterns: ['legacy-products*'] };
  await callDomain(emulator, DOMAIN, { method: 'PUT', path: '/_index_template/products', body: theirs });
  const artifact = templateStack();
  const [functionId] = Object.entries(artifact.template.Resources)
    .find(([, resource]) => resource.Type === 'AWS::Lambda::Function' && String(resource.Properties?.Description).startsWith('Puts the index template'))!;
  const host = new LambdaHost(emulator.env());
  try {
    const answer = await host.invoke(functionId, artifact.functionCode[functionId], 'index.handler', {
      RequestType: 'Delete',
      PhysicalResourceId: CREATE_FAILED_MARKER,
      ResourceProperties: { DomainEndpoint: emulator.domainEndpoint(DOMAIN), TemplateName: 'products', TemplateBody: '{}' },
    }, 30_000);

    expect(answer).toEqual({ PhysicalResourceId: CREATE_FAILED_MARKER });
    expect(emulator.countCalls('DeleteIndexTemplate')).toBe(0);
    expect(emulator.indexTemplate(DOMAIN, 'products')).toEqual(theirs);
  } finally {
    await host.close();
  }
});

test('the domain endpoint refuses unsigned requests and requests signed for another service', async () => {
  const { emulator, deployment } = await setUp();
  await deployment.deploy(templateStack());

  const unsigned = await callDomain(emulator, DOMAIN, { method: 'GET', path: '/_index_template/products', sign: false });
  const otherService = await callDomain(emulator, DOMAIN, { method: 'DELETE', path: '/_index_template/products', sign: { service: 'aoss' } });
  const signed = await getTemplate(emulator, DOMAIN, 'products');

  expect(unsigned.status).toBe(403);
  expect(unsigned.body.message).toContain('User: anonymous is not authorized to perform: es:ESHttpGet');
  expect(otherService.status).toBe(403);
  expect(otherService.body.message).toContain('scoped to correct service: \'es\'');
  expect(signed.status).toBe(200);
  expect(emulator.indexTemplateNames(DOMAIN)).toEqual(['products']);
});

test('the handler verifies the domain\'s certificate: without the emulator\'s CA the put fails', async () => {
  const { emulator } = await setUp();
  const environment = emulator.env();
  delete environment.NODE_EXTRA_CA_CERTS;
  extraDeployment = new LocalStackDeployment(STACK_NAME, {
    environment,
    domainEndpoint: (domainName) => emulator.domainEndpoint(domainName),
    queryIntervalMs: 50,
  });
  const artifact = templateStack();

  const error = await errorOf(extraDeployment.deploy(artifact));

  expect(error.reasons[templateLogicalId(artifact)]).toMatch(/^PUT _index_template\/products failed: self[- ]signed certificate/);
  expect(emulator.countCalls('PutIndexTemplate')).toBe(0);
});
