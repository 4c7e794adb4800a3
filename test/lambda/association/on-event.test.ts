import {
  AccessDeniedException,
  AssociatePackageCommand,
  ConflictException,
  DescribeDomainCommand,
  DescribePackagesCommand,
  DissociatePackageCommand,
  InternalException,
  ListPackagesForDomainCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-opensearch';
import type { DomainPackageDetails, DomainPackageStatus, DomainStatus, PackageDetails, PackageStatus } from '@aws-sdk/client-opensearch';
import { CREATE_FAILED_MARKER, eventBuilders, mockOpenSearchAndLogs, Properties, SERVICE_TOKEN } from './handler-test-support';
import { isComplete, onEvent } from '../../lambda/association';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/events';
import { refusalRecheck } from '../../lambda/shared/pause';

const DOMAIN = 'search-domain';
const PACKAGE = 'F123456789';
const PHYSICAL_ID = `opensearch-package-association:${DOMAIN}:${PACKAGE}`;
const IN_PROGRESS = 'A change/update is in progress. Please wait for it to complete before requesting another change.';

const { opensearch, logs } = mockOpenSearchAndLogs();

/** Defaults each test may override: the package AVAILABLE at v1, an idle domain, nothing associated. */
beforeEach(() => {
  refusalRecheck.delayMs = 0;
  opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE')));
  opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus() });
  opensearch.on(ListPackagesForDomainCommand).resolves(listing());
});

// ---- builders -------------------------------------------------------------------------------

const properties = (overrides: Properties = {}): Properties => ({
  ServiceToken: SERVICE_TOKEN,
  DomainName: DOMAIN,
  PackageId: PACKAGE,
  ...overrides,
});

const { createEvent, updateEvent, deleteEvent, completeRequest } = eventBuilders({
  resourceType: 'Custom::OpenSearchPackageAssociation', logicalId: 'Association', physicalId: PHYSICAL_ID, properties,
});

function listed(status: DomainPackageStatus, overrides: Partial<DomainPackageDetails> = {}): DomainPackageDetails {
  return {
    DomainName: DOMAIN,
    PackageID: PACKAGE,
    PackageName: 'synonyms',
    PackageType: 'TXT-DICTIONARY',
    PackageVersion: 'v1',
    ReferencePath: `analyzers/${PACKAGE}`,
    DomainPackageStatus: status,
    ...overrides,
  };
}

const listing = (...details: DomainPackageDetails[]) => ({ DomainPackageDetailsList: details });

/** Another package on the same domain, e.g. one still ASSOCIATING. */
const other = (status: DomainPackageStatus) => listed(status, { PackageID: 'F222222222', PackageName: 'stopwords' });

function pkg(status: PackageStatus, overrides: Partial<PackageDetails> = {}): PackageDetails {
  return { PackageID: PACKAGE, PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY', PackageStatus: status, AvailablePackageVersion: 'v1', ...overrides };
}

const described = (...details: PackageDetails[]) => ({ PackageDetailsList: details });

function domainStatus(overrides: Partial<DomainStatus> = {}): DomainStatus {
  return {
    DomainId: `111111111111/${DOMAIN}`,
    DomainName: DOMAIN,
    ARN: `arn:aws:es:eu-west-1:111111111111:domain/${DOMAIN}`,
    ClusterConfig: {},
    Processing: false,
    UpgradeProcessing: false,
    DomainProcessingStatus: 'Active',
    ...overrides,
  };
}

/** The domain applying a configuration change, as DescribeDomain shows it. */
const processingDomain = () => opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus({ Processing: true, DomainProcessingStatus: 'Modifying' }) });

const $metadata = {};
const conflict = (message = 'Another operation is in progress for this package.') => new ConflictException({ message, $metadata });
const inProgress = () => new ValidationException({ message: IN_PROGRESS, $metadata });
const alreadyInDesiredState = () => new ConflictException({ message: 'Package is already in desired state.', $metadata });
const IN_USE_CAUSE = 'an index may still use this package: delete or reindex it, or keep the association with removalPolicy RETAIN';

const associateInputs = () => opensearch.commandCalls(AssociatePackageCommand).map((call) => call.args[0].input);
const dissociateInputs = () => opensearch.commandCalls(DissociatePackageCommand).map((call) => call.args[0].input);
const listCalls = () => opensearch.commandCalls(ListPackagesForDomainCommand);
const logLines = logs.lines;

// ---- onEvent: Create -------------------------------------------------------------------------

describe('onEvent Create', () => {
  test('associates the package and returns a physical id naming domain and package', async () => {
    opensearch.on(AssociatePackageCommand).resolves({ DomainPackageDetails: listed('ASSOCIATING') });

    const response = await onEvent(createEvent());

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test('adopts an association the listing shows ACTIVE at the available version after a refusal', async () => {
    opensearch.on(AssociatePackageCommand).rejects(alreadyInDesiredState());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(associateInputs()).toHaveLength(1);
    expect(logLines()[0]).toMatchObject({ outcome: 'already-in-desired-state' });
  });

  test('a ConflictException while another package is ASSOCIATING is busy: isComplete retries', async () => {
    opensearch.on(AssociatePackageCommand).rejects(conflict());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(other('ASSOCIATING')));

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'busy' });
    expect(associateInputs()).toHaveLength(1);
  });

  test('a ValidationException while DescribeDomain shows a change being processed is busy', async () => {
    opensearch.on(AssociatePackageCommand).rejects(inProgress());
    processingDomain();

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'busy' });
  });

  test('fails on a missing domain, naming domain, package, operation and service message', async () => {
    opensearch.on(AssociatePackageCommand).rejects(new ResourceNotFoundException({ message: `Domain not found: ${DOMAIN}`, $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow(
      `AssociatePackage failed for package ${PACKAGE} on domain ${DOMAIN}: ResourceNotFoundException: Domain not found: ${DOMAIN}`,
    );
  });

  test('fails on a missing package the same way', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new ResourceNotFoundException({ message: `Package not found: ${PACKAGE}`, $metadata }));
    opensearch.on(AssociatePackageCommand).rejects(new ResourceNotFoundException({ message: `Package not found: ${PACKAGE}`, $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow(/AssociatePackage failed for package F123456789 on domain search-domain: ResourceNotFoundException: Package not found/);
  });

  test('a ValidationException that persists on an idle domain fails after one recheck, with the service message and a likely cause', async () => {
    opensearch.on(AssociatePackageCommand).rejects(new ValidationException({ message: 'Package type is not supported by this engine version', $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow(`AssociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN} while the domain is idle, `
      + 'so retrying can\'t help: ValidationException: Package type is not supported by this engine version. Likely cause: the package may not suit the domain');
    expect(associateInputs()).toHaveLength(2);
  });

  test.each([
    ['throttling that escapes the SDK retries', new ThrottlingException({ message: 'Rate exceeded', $metadata })],
    ['an InternalException', new InternalException({ message: 'internal failure', $metadata })],
    ['an unreadable reply', Object.assign(new SyntaxError('Unexpected token < in JSON'), { $response: { statusCode: 200 }, $metadata: { httpStatusCode: 200 } })],
  ])('after %s the association may exist: returns the physical id and leaves the check to isComplete', async (_label, error) => {
    opensearch.on(AssociatePackageCommand).rejects(error);

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'unconfirmed', physicalResourceId: PHYSICAL_ID });
  });

  test.each([
    ['AccessDeniedException', new AccessDeniedException({ message: 'not authorized to perform es:AssociatePackage', $metadata })],
  ])('fails on %s', async (name, error) => {
    opensearch.on(AssociatePackageCommand).rejects(error);

    await expect(onEvent(createEvent())).rejects.toThrow(`on domain ${DOMAIN}: ${name}: ${error.message}`);
  });

  test.each([
    ['a missing DomainName', properties({ DomainName: undefined }), 'Missing required property DomainName'],
    ['a malformed PackageId', properties({ PackageId: 'not-a-package' }), 'Invalid PackageId "not-a-package"'],
    ['a malformed DomainName', properties({ DomainName: 'My_Domain' }), 'Invalid DomainName "My_Domain"'],
  ])('rejects %s before calling the service', async (_label, props, message) => {
    await expect(onEvent(createEvent(props))).rejects.toThrow(message);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- onEvent: Update -------------------------------------------------------------------------

describe('onEvent Update', () => {
  test('a new domain is a replacement: associates the new pair and returns the new physical id', async () => {
    opensearch.on(AssociatePackageCommand).resolves({});

    const response = await onEvent(updateEvent(properties({ DomainName: 'other-domain' }), properties()));

    expect(response).toEqual({ PhysicalResourceId: `opensearch-package-association:other-domain:${PACKAGE}` });
    expect(associateInputs()).toEqual([{ DomainName: 'other-domain', PackageID: PACKAGE }]);
    expect(dissociateInputs()).toHaveLength(0);
  });

  test('a new package is a replacement too, tolerating a busy domain', async () => {
    opensearch.on(AssociatePackageCommand).rejects(inProgress());
    processingDomain();

    const response = await onEvent(updateEvent(properties({ PackageId: 'G77' }), properties()));

    expect(response).toEqual({ PhysicalResourceId: `opensearch-package-association:${DOMAIN}:G77` });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: 'G77' }]);
  });

  test('the same pair without a version change keeps the physical id and calls nothing', async () => {
    const response = await onEvent(updateEvent(properties({ PackageVersion: 'v1' }), properties({ PackageVersion: 'v1' })));

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('the same pair without any version keeps the physical id and calls nothing', async () => {
    const response = await onEvent(updateEvent(properties(), properties()));

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a new PackageVersion re-associates in place to roll the version out', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v1' })));
    opensearch.on(AssociatePackageCommand).resolves({});

    const response = await onEvent(updateEvent(properties({ PackageVersion: 'v2' }), properties({ PackageVersion: 'v1' })));

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test('a version rollout tolerates a ConflictException while another package is DISSOCIATING', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v1' }), other('DISSOCIATING')));
    opensearch.on(AssociatePackageCommand).rejects(conflict());

    await expect(onEvent(updateEvent(properties({ PackageVersion: 'v2' }), properties())))
      .resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(associateInputs()).toHaveLength(1);
  });

  test('a version rollout still fails on errors that are not conflicts', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(AssociatePackageCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));

    await expect(onEvent(updateEvent(properties({ PackageVersion: 'v2' }), properties({ PackageVersion: 'v1' }))))
      .rejects.toThrow('AssociatePackage failed for package F123456789 on domain search-domain: AccessDeniedException: denied');
  });

  test('rejects invalid new properties', async () => {
    await expect(onEvent(updateEvent(properties({ PackageId: '' }), properties()))).rejects.toThrow('Missing required property PackageId');
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- onEvent: Delete -------------------------------------------------------------------------

describe('onEvent Delete', () => {
  test('dissociates the pair named by the physical id and the properties', async () => {
    opensearch.on(DissociatePackageCommand).resolves({ DomainPackageDetails: listed('DISSOCIATING') });

    const response = await onEvent(deleteEvent(PHYSICAL_ID, properties()));

    expect(response).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(dissociateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test.each([
    ['another domain', `opensearch-package-association:other-domain:${PACKAGE}`, properties()],
    ['another package', `opensearch-package-association:${DOMAIN}:F333`, properties()],
    ['properties without the pair', PHYSICAL_ID, {}],
  ])('refuses a physical id naming %s than the properties, touching nothing', async (_label, physicalId, props) => {
    const error = await onEvent(deleteEvent(physicalId, props)).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Refusing to dissociate: physical id opensearch-package-association:\S+ names package \S+ on domain \S+, but the resource's properties name package/);
    expect((error as Error).message).toContain(physicalId);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('refuses a physical id that is not a string, touching nothing', async () => {
    const event = { ...deleteEvent(), PhysicalResourceId: { split: 'not a function' } } as unknown as OnEventRequest;

    // Not one of our ids: nothing of ours to undo, and no TypeError.
    await expect(onEvent(event)).resolves.toEqual({ PhysicalResourceId: event.PhysicalResourceId });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test.each([
    ['the CDK provider framework create-failed marker', CREATE_FAILED_MARKER],
    ['a request id used as physical id', 'request-1'],
  ])('leaves %s alone without any API call', async (_label, physicalId) => {
    const response = await onEvent(deleteEvent(physicalId));

    expect(response).toEqual({ PhysicalResourceId: physicalId });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test.each([`Package ${PACKAGE} is not associated with domain ${DOMAIN}`, 'Bad request.'])(
    'succeeds when the listing shows the package is not associated, whatever the refusal says ("%s")', async (message) => {
      opensearch.on(DissociatePackageCommand).rejects(new ValidationException({ message, $metadata }));

      await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
      expect(logLines()[0]).toMatchObject({ outcome: 'already-dissociated' });
      expect(dissociateInputs()).toHaveLength(1);
    });

  test('succeeds when the domain or package is gone', async () => {
    opensearch.on(DissociatePackageCommand).rejects(new ResourceNotFoundException({ message: 'Domain not found', $metadata }));

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'already-dissociated' });
  });

  test.each([
    ['a ConflictException while another package is ASSOCIATING', conflict(), listing(listed('ACTIVE'), other('ASSOCIATING')), false, 'busy'],
    ['a ValidationException while the domain processes a change', inProgress(), listing(listed('ACTIVE')), true, 'busy'],
    ['a ConflictException while our package is already DISSOCIATING', alreadyInDesiredState(), listing(listed('DISSOCIATING')), false, 'already-in-desired-state'],
  ])('tolerates %s and leaves the check to isComplete', async (_label, error, domainPackages, processing, outcome) => {
    opensearch.on(DissociatePackageCommand).rejects(error);
    opensearch.on(ListPackagesForDomainCommand).resolves(domainPackages);
    if (processing) processingDomain();

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome });
  });

  test('fails on other errors, naming the operation, domain and package', async () => {
    opensearch.on(DissociatePackageCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata }));

    await expect(onEvent(deleteEvent())).rejects.toThrow(
      `DissociatePackage failed for package ${PACKAGE} on domain ${DOMAIN}: AccessDeniedException: not authorized`,
    );
  });

  test('a lost reply leaves the check to isComplete', async () => {
    opensearch.on(DissociatePackageCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata }));

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'unconfirmed' });
  });
});

// ---- isComplete: Create / Update -------------------------------------------------------------

describe('isComplete Create/Update', () => {
  test('an ACTIVE association completes with its reference path, version, name and type', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    const response = await isComplete(completeRequest(createEvent()));

    expect(response).toEqual({
      IsComplete: true,
      Data: { ReferencePath: `analyzers/${PACKAGE}`, PackageVersion: 'v1', PackageName: 'synonyms', PackageType: 'TXT-DICTIONARY' },
    });
    expect(listCalls()[0].args[0].input).toEqual({ DomainName: DOMAIN, MaxResults: 100, NextToken: undefined });
    expect(associateInputs()).toHaveLength(0);
  });

  test('a package type without reference path completes with an empty ReferencePath', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { ReferencePath: undefined, PackageType: 'ZIP-PLUGIN' })));

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.Data).toMatchObject({ ReferencePath: '', PackageType: 'ZIP-PLUGIN' });
  });

  test('details the service leaves out become empty strings, so every attribute resolves', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing({ DomainName: DOMAIN, PackageID: PACKAGE, DomainPackageStatus: 'ACTIVE' }));

    const response = await isComplete(completeRequest(createEvent()));

    expect(response).toEqual({ IsComplete: true, Data: { ReferencePath: '', PackageVersion: '', PackageName: '', PackageType: '' } });
  });

  test('finds the association on the third page, passing each NextToken', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce({ DomainPackageDetailsList: [listed('ACTIVE', { PackageID: 'F1' })], NextToken: 'page-2' })
      .resolvesOnce({ DomainPackageDetailsList: [listed('ACTIVE', { PackageID: 'F2' })], NextToken: 'page-3' })
      .resolvesOnce({ DomainPackageDetailsList: [listed('ACTIVE')] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.IsComplete).toBe(true);
    expect(listCalls().map((call) => call.args[0].input)).toEqual([
      { DomainName: DOMAIN, MaxResults: 100, NextToken: undefined },
      { DomainName: DOMAIN, MaxResults: 100, NextToken: 'page-2' },
      { DomainName: DOMAIN, MaxResults: 100, NextToken: 'page-3' },
    ]);
  });

  test('ASSOCIATING is not complete yet and asks nothing of the service', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ASSOCIATING')));

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toHaveLength(0);
  });

  test('DISSOCIATING is waited out', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('DISSOCIATING')));

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toHaveLength(0);
  });

  test('ASSOCIATION_FAILED fails with the service error details', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ASSOCIATION_FAILED', {
      ErrorDetails: { ErrorType: 'PackageValidationError', ErrorMessage: 'Synonym rule on line 3 is invalid' },
    })));

    await expect(isComplete(completeRequest(createEvent()))).rejects.toThrow(
      `Package ${PACKAGE} on domain ${DOMAIN} is ASSOCIATION_FAILED: PackageValidationError: Synonym rule on line 3 is invalid`,
    );
  });

  test('DISSOCIATION_FAILED fails too: the domain needs a human', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('DISSOCIATION_FAILED', {
      ErrorDetails: { ErrorType: 'PackageInUse', ErrorMessage: 'index products uses the package' },
    })));

    await expect(isComplete(completeRequest(createEvent()))).rejects.toThrow('is DISSOCIATION_FAILED: PackageInUse: index products uses the package');
  });

  test('a package not listed is associated again', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageID: 'F999' })));
    opensearch.on(AssociatePackageCommand).resolves({});

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test.each([
    ['a ConflictException while another package is ASSOCIATING', conflict(), listing(other('ASSOCIATING')), false],
    ['a change in progress', inProgress(), listing(), true],
    ['a refusal once our package is listed ASSOCIATING', alreadyInDesiredState(), listing(listed('ASSOCIATING')), false],
  ])('re-association of an unlisted package tolerates %s', async (_label, error, afterRefusal, processing) => {
    opensearch.on(ListPackagesForDomainCommand).resolvesOnce(listing()).resolves(afterRefusal);
    opensearch.on(AssociatePackageCommand).rejects(error);
    if (processing) processingDomain();

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toHaveLength(1);
  });

  test('re-association of an unlisted package fails on a missing package', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing());
    opensearch.on(AssociatePackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));

    await expect(isComplete(completeRequest(createEvent()))).rejects.toThrow('AssociatePackage failed for package F123456789 on domain search-domain: ResourceNotFoundException: Package not found');
  });

  test('a ConflictException on create, then success on later isComplete calls', async () => {
    opensearch.on(AssociatePackageCommand).rejectsOnce(conflict()).resolves({});
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce(listing(other('ASSOCIATING'))) // onEvent's look at the domain after the refusal: busy
      .resolvesOnce(listing())
      .resolvesOnce(listing(listed('ASSOCIATING')))
      .resolves(listing(listed('ACTIVE')));
    const event = createEvent();

    const { PhysicalResourceId } = await onEvent(event);
    const first = await isComplete(completeRequest(event, PhysicalResourceId));
    const second = await isComplete(completeRequest(event, PhysicalResourceId));
    const third = await isComplete(completeRequest(event, PhysicalResourceId));

    expect([first.IsComplete, second.IsComplete, third.IsComplete]).toEqual([false, false, true]);
    expect(third.Data?.ReferencePath).toBe(`analyzers/${PACKAGE}`);
    // Once by onEvent (refused), once by the first isComplete (accepted).
    expect(associateInputs()).toHaveLength(2);
  });

  test('ACTIVE on another version than desired re-associates to roll the version out', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v1' })));
    opensearch.on(AssociatePackageCommand).resolves({});
    const event = updateEvent(properties({ PackageVersion: 'v2' }), properties({ PackageVersion: 'v1' }));

    await expect(isComplete(completeRequest(event))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
    // One listing read per poll: isComplete knows the domain does not run v2 yet.
    expect(listCalls()).toHaveLength(1);
  });

  test('a version rollout tolerates conflicts and completes once the desired version is ACTIVE', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce(listing(listed('ACTIVE', { PackageVersion: 'v1' }))) // isComplete's read
      .resolvesOnce(listing(listed('ACTIVE', { PackageVersion: 'v1' }), other('ASSOCIATING'))) // after the refusal: busy
      .resolvesOnce(listing(listed('ASSOCIATING', { PackageVersion: 'v2' })))
      .resolves(listing(listed('ACTIVE', { PackageVersion: 'v2' })));
    opensearch.on(AssociatePackageCommand).rejects(conflict());
    const event = completeRequest(updateEvent(properties({ PackageVersion: 'v2' }), properties({ PackageVersion: 'v1' })));

    const results = [await isComplete(event), await isComplete(event), await isComplete(event)];

    expect(results.map((result) => result.IsComplete)).toEqual([false, false, true]);
    expect(results[2].Data?.PackageVersion).toBe('v2');
    expect(associateInputs()).toHaveLength(1);
  });

  test('without a desired version any ACTIVE version completes', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v7' })));

    const response = await isComplete(completeRequest(createEvent()));

    expect(response).toMatchObject({ IsComplete: true, Data: { PackageVersion: 'v7' } });
    expect(associateInputs()).toHaveLength(0);
  });

  test('after a replacement it checks the new pair', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { DomainName: 'other-domain' })));
    const newId = `opensearch-package-association:other-domain:${PACKAGE}`;
    const event = updateEvent(properties({ DomainName: 'other-domain' }), properties());

    await expect(isComplete(completeRequest(event, newId))).resolves.toMatchObject({ IsComplete: true });
    expect(listCalls()[0].args[0].input).toMatchObject({ DomainName: 'other-domain' });
  });

  test('a missing domain fails, naming the listing operation and the service message', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ResourceNotFoundException({ message: `Domain not found: ${DOMAIN}`, $metadata }));

    await expect(isComplete(completeRequest(createEvent()))).rejects.toThrow(
      `ListPackagesForDomain failed for package ${PACKAGE} on domain ${DOMAIN}: ResourceNotFoundException: Domain not found: ${DOMAIN}`,
    );
  });

  test('throttling that escapes the SDK retries means "not yet", with a log line naming it', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata }));

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(logLines()[0]).toMatchObject({
      handler: 'isComplete',
      outcome: 'transient-error-retry-next-poll',
      error: `ListPackagesForDomain failed for package ${PACKAGE} on domain ${DOMAIN}: ThrottlingException: Rate exceeded`,
    });
  });

  test('rejects invalid properties before calling the service', async () => {
    await expect(isComplete(completeRequest(createEvent(properties({ DomainName: 'ab' })))))
      .rejects.toThrow('Invalid DomainName "ab"');
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- isComplete: Delete ----------------------------------------------------------------------

describe('isComplete Delete', () => {
  test('DISSOCIATING waits, then completes once the package is no longer listed', async () => {
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce(listing(listed('DISSOCIATING')))
      .resolves(listing(listed('ACTIVE', { PackageID: 'F42' })));
    const event = completeRequest(deleteEvent());

    const first = await isComplete(event);
    const second = await isComplete(event);

    expect(first).toEqual({ IsComplete: false });
    expect(second).toEqual({ IsComplete: true });
    expect(dissociateInputs()).toHaveLength(0);
  });

  test('DISSOCIATION_FAILED fails with the service error details', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('DISSOCIATION_FAILED', {
      ErrorDetails: { ErrorType: 'PackageInUse', ErrorMessage: 'The package is used by index products' },
    })));

    await expect(isComplete(completeRequest(deleteEvent()))).rejects.toThrow(
      `Package ${PACKAGE} on domain ${DOMAIN} is DISSOCIATION_FAILED: PackageInUse: The package is used by index products`,
    );
  });

  test.each(['ACTIVE', 'ASSOCIATING'] as const)('still %s: dissociates again and waits', async (status) => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed(status)));
    opensearch.on(DissociatePackageCommand).resolves({});

    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: false });
    expect(dissociateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test('dissociating again tolerates a busy domain', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
    opensearch.on(DissociatePackageCommand).rejects(inProgress());
    processingDomain();

    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: false });
    expect(dissociateInputs()).toHaveLength(1);
  });

  test('a domain that is gone completes the delete', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ResourceNotFoundException({ message: `Domain not found: ${DOMAIN}`, $metadata }));

    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: true });
    expect(dissociateInputs()).toHaveLength(0);
  });

  test('other listing errors fail with domain, package and service error', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new AccessDeniedException({ message: 'not authorized', $metadata }));

    await expect(isComplete(completeRequest(deleteEvent()))).rejects.toThrow(
      `ListPackagesForDomain failed for package ${PACKAGE} on domain ${DOMAIN}: AccessDeniedException: not authorized`,
    );
  });

  test('a foreign physical id completes without any API call', async () => {
    await expect(isComplete(completeRequest(deleteEvent(CREATE_FAILED_MARKER), CREATE_FAILED_MARKER))).resolves.toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- logging ---------------------------------------------------------------------------------

describe('logging', () => {
  test('writes one JSON line per step with the step fields and without the ResponseURL', async () => {
    opensearch.on(AssociatePackageCommand).resolves({});
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    await onEvent(createEvent());
    await isComplete(completeRequest(createEvent()));

    expect(logLines()).toEqual([
      { handler: 'onEvent', requestType: 'Create', domainName: DOMAIN, packageId: PACKAGE, physicalResourceId: PHYSICAL_ID, outcome: 'requested' },
      { handler: 'isComplete', requestType: 'Create', domainName: DOMAIN, packageId: PACKAGE, physicalResourceId: PHYSICAL_ID, status: 'ACTIVE', outcome: 'complete' },
    ]);
    expect(logs.raw().join('\n')).not.toContain('presigned');
  });

  test('logs a failed step once, with the error message', async () => {
    opensearch.on(AssociatePackageCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow('denied');

    expect(logLines()).toEqual([{
      handler: 'onEvent',
      requestType: 'Create',
      outcome: 'failed',
      error: `AssociatePackage failed for package ${PACKAGE} on domain ${DOMAIN}: AccessDeniedException: denied`,
    }]);
  });

  test('a skipped foreign delete says so', async () => {
    await onEvent(deleteEvent(CREATE_FAILED_MARKER));

    expect(logLines()).toEqual([{ handler: 'onEvent', requestType: 'Delete', physicalResourceId: CREATE_FAILED_MARKER, outcome: 'skipped-foreign-id' }]);
  });
});

describe('unsupported request types', () => {
  test('are rejected', async () => {
    const event = { ...createEvent(), RequestType: 'Rename' } as unknown as OnEventRequest;

    await expect(onEvent(event)).rejects.toThrow('Unsupported RequestType Rename');
    expect(opensearch.calls()).toHaveLength(0);
  });
});

// ---- refusals: decided from the domain's state, never from the message ----------------------

describe('refusals', () => {
  test('busy then idle: retries while another package is ASSOCIATING, then fails once the domain is idle and the refusal persists', async () => {
    opensearch.on(DissociatePackageCommand).rejects(conflict('Package is in use.'));
    opensearch.on(ListPackagesForDomainCommand)
      .resolvesOnce(listing(listed('ACTIVE'), other('ASSOCIATING'))) // poll 1: isComplete's read
      .resolvesOnce(listing(listed('ACTIVE'), other('ASSOCIATING'))) // poll 1: after the refusal: busy
      .resolves(listing(listed('ACTIVE'), other('ACTIVE'))); // poll 2: idle from now on
    const event = completeRequest(deleteEvent());

    await expect(isComplete(event)).resolves.toEqual({ IsComplete: false });
    expect(logLines()[0]).toMatchObject({ outcome: 'redissociate-busy' });
    const error = await isComplete(event).then(() => undefined, (e: Error) => e);

    expect(error?.message).toBe(`DissociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN} while the domain is idle, `
      + `so retrying can't help: ConflictException: Package is in use. Likely cause: ${IN_USE_CAUSE}`);
    // Poll 1 asked once; poll 2 asked, paused, looked again and asked once more.
    expect(dissociateInputs()).toHaveLength(3);
    expect(opensearch.commandCalls(DescribeDomainCommand)).toHaveLength(2);
  });

  test.each(['Package is in use by index products.', 'Conflict.'])(
    'onEvent Delete refused on an idle domain fails within the invocation whatever the wording ("%s")', async (message) => {
      opensearch.on(DissociatePackageCommand).rejects(conflict(message));
      opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

      await expect(onEvent(deleteEvent())).rejects.toThrow(`ConflictException: ${message.replace(/\.$/, '')}. Likely cause: ${IN_USE_CAUSE}`);
      expect(dissociateInputs()).toHaveLength(2);
    });

  test('a refusal on an idle domain that clears on the second try is just a request', async () => {
    opensearch.on(DissociatePackageCommand).rejectsOnce(conflict()).resolves({});
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'requested' });
    expect(dissociateInputs()).toHaveLength(2);
  });

  test('waits the configured pause before the second look', async () => {
    refusalRecheck.delayMs = 40;
    opensearch.on(DissociatePackageCommand).rejectsOnce(conflict()).resolves({});
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    const started = Date.now();
    await onEvent(deleteEvent());
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  test.each([
    ['Processing', { Processing: true }],
    ['UpgradeProcessing', { UpgradeProcessing: true }],
    ['DomainProcessingStatus UpdatingServiceSoftware', { DomainProcessingStatus: 'UpdatingServiceSoftware' }],
    ['ChangeProgressDetails ApplyingChanges', { ChangeProgressDetails: { ConfigChangeStatus: 'ApplyingChanges' } }],
  ] as Array<[string, Partial<DomainStatus>]>)('DescribeDomain showing %s makes a refusal busy', async (_label, overrides) => {
    opensearch.on(DissociatePackageCommand).rejects(conflict());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus(overrides) });

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'busy' });
  });

  test.each([
    ['a completed change', { ChangeProgressDetails: { ConfigChangeStatus: 'Completed' } }],
    ['a change waiting for user input', { ChangeProgressDetails: { ConfigChangeStatus: 'PendingUserInput' } }],
    ['an isolated domain', { DomainProcessingStatus: 'Isolated' }],
  ] as Array<[string, Partial<DomainStatus>]>)('DescribeDomain showing %s is idle: the refusal fails', async (_label, overrides) => {
    opensearch.on(DissociatePackageCommand).rejects(conflict());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
    opensearch.on(DescribeDomainCommand).resolves({ DomainStatus: domainStatus(overrides) });

    await expect(onEvent(deleteEvent())).rejects.toThrow('while the domain is idle');
  });

  test('a domain state that can\'t be read fails, naming DescribeDomain', async () => {
    opensearch.on(DissociatePackageCommand).rejects(conflict());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
    opensearch.on(DescribeDomainCommand).rejects(new AccessDeniedException({ message: 'no es:DescribeDomain', $metadata }));

    await expect(onEvent(deleteEvent())).rejects.toThrow(`DescribeDomain failed for package ${PACKAGE} on domain ${DOMAIN}: AccessDeniedException: no es:DescribeDomain`);
  });

  test('a refused association on an idle domain fails from isComplete too, never retried poll after poll', async () => {
    opensearch.on(AssociatePackageCommand).rejects(conflict('Nope.'));

    await expect(isComplete(completeRequest(createEvent()))).rejects.toThrow(`AssociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN}`);
    expect(associateInputs()).toHaveLength(2);
  });
});

// ---- the package before associating -----------------------------------------------------------

describe('package readiness', () => {
  test.each(['COPYING', 'VALIDATING'] as const)('a package still %s is waited for: no AssociatePackage until it is AVAILABLE', async (status) => {
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce(described(pkg(status, { AvailablePackageVersion: undefined })))
      .resolvesOnce(described(pkg(status, { AvailablePackageVersion: undefined })))
      .resolves(described(pkg('AVAILABLE')));
    opensearch.on(AssociatePackageCommand).resolves({});
    const event = createEvent();

    await onEvent(event);
    expect(logLines()[0]).toMatchObject({ outcome: `waiting-for-package-${status}` });
    await expect(isComplete(completeRequest(event))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toHaveLength(0);
    await expect(isComplete(completeRequest(event))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toEqual([{ DomainName: DOMAIN, PackageID: PACKAGE }]);
  });

  test.each(['COPY_FAILED', 'VALIDATION_FAILED'] as const)('a package %s fails at once with its ErrorDetails', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg(status, { ErrorDetails: { ErrorType: 'InvalidFile', ErrorMessage: 'Line 3: malformed rule' } })));

    await expect(onEvent(createEvent())).rejects.toThrow(
      `Package ${PACKAGE} can't be associated with domain ${DOMAIN}: it is ${status}: InvalidFile: Line 3: malformed rule`);
    expect(associateInputs()).toHaveLength(0);
  });

  test('a package being deleted fails at once', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('DELETING')));

    await expect(onEvent(createEvent())).rejects.toThrow(`Package ${PACKAGE} can't be associated with domain ${DOMAIN}: it is DELETING`);
  });

  test('DescribePackages errors fail, naming the operation', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new AccessDeniedException({ message: 'no es:DescribePackages', $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow(`DescribePackages failed for package ${PACKAGE} on domain ${DOMAIN}: AccessDeniedException`);
  });
});

// ---- a pinned PackageVersion -----------------------------------------------------------------

describe('pinned PackageVersion', () => {
  const PINNED_MESSAGE = `Package ${PACKAGE} can't be associated with domain ${DOMAIN} at the pinned version v1: its available version is v2, `
    + 'and AssociatePackage always takes the available version. Pin packageVersion to v2, or leave it out';

  test('an old pinned version the domain does not run fails at once on create, naming both versions', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));

    await expect(onEvent(createEvent(properties({ PackageVersion: 'v1' })))).rejects.toThrow(PINNED_MESSAGE);
    expect(associateInputs()).toHaveLength(0);
  });

  test('the same on isComplete when the domain runs another version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v3' })));

    await expect(isComplete(completeRequest(createEvent(properties({ PackageVersion: 'v1' }))))).rejects.toThrow(PINNED_MESSAGE);
    expect(associateInputs()).toHaveLength(0);
  });

  test('a domain that already runs the pinned version is left alone, even when a newer one is available', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(pkg('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE', { PackageVersion: 'v1' })));
    const event = createEvent(properties({ PackageVersion: 'v1' }));

    await onEvent(event);
    const result = await isComplete(completeRequest(event));

    expect(result).toMatchObject({ IsComplete: true, Data: { PackageVersion: 'v1' } });
    expect(associateInputs()).toHaveLength(0);
    expect(logLines()[0]).toMatchObject({ outcome: 'already-in-desired-state' });
  });
});

describe('ownership: a handler acts only on the pair its resource owns', () => {
  const foreignId = 'opensearch-package-association:other-domain:F333';

  test('isComplete Delete refuses a physical id naming another pair than the properties, touching nothing', async () => {
    const error = await isComplete(completeRequest(deleteEvent(foreignId), foreignId)).catch((e: Error) => e);

    expect((error as Error).message).toBe(`Refusing to dissociate: physical id ${foreignId} names package F333 on domain other-domain, `
      + `but the resource's properties name package ${PACKAGE} on domain ${DOMAIN}; nothing was changed`);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('Update refuses a physical id that disagrees with the old properties, touching nothing', async () => {
    const event = updateEvent(properties({ PackageVersion: 'v2' }), properties(), foreignId);

    await expect(onEvent(event)).rejects.toThrow(`Refusing to update the association: physical id ${foreignId} names package F333 on domain `
      + `other-domain, but the resource's old properties name package ${PACKAGE} on domain ${DOMAIN}; nothing was changed`);
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a very long physical id is echoed shortened', async () => {
    const longId = `opensearch-package-association:${DOMAIN}:F${'1'.repeat(10_000)}`;
    const error = await onEvent(deleteEvent(longId)).catch((e: Error) => e);

    // The id matches our format (F and digits) but names another package than the properties.
    expect(Buffer.byteLength((error as Error).message ?? '')).toBeLessThan(1600);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('isComplete refuses request types CloudFormation does not send', () => {
  test.each(['Rename', undefined, 42])('%p fails without any API call', async (requestType) => {
    const event = { ...completeRequest(createEvent()), RequestType: requestType } as unknown as IsCompleteRequest;

    await expect(isComplete(event)).rejects.toThrow(`Unsupported RequestType ${String(requestType)}`);
    expect(opensearch.calls()).toHaveLength(0);
  });
});

describe('false success and dead ends while waiting', () => {
  test('a 200 without the list while DISSOCIATING is not "dissociated": the poll waits, nothing is requested', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({});

    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: false });
    expect(logLines()[0]).toMatchObject({ outcome: 'transient-error-retry-next-poll' });
    expect(String(logLines()[0].error)).toContain('unexpected empty response from ListPackagesForDomain');
    expect(dissociateInputs()).toHaveLength(0);
  });

  test('a 200 without the list while associating is not "not associated": nothing is requested again', async () => {
    opensearch.on(ListPackagesForDomainCommand).resolves({});

    await expect(isComplete(completeRequest(createEvent()))).resolves.toEqual({ IsComplete: false });
    expect(associateInputs()).toHaveLength(0);
  });

  test.each([
    ['a 5xx', new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } })],
    ['a timeout', Object.assign(new Error('Connection timed out after 20000 ms'), { name: 'TimeoutError' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('%s while dissociating means "not yet"', async (_label, error) => {
    opensearch.on(ListPackagesForDomainCommand).rejects(error);

    await expect(isComplete(completeRequest(deleteEvent()))).resolves.toEqual({ IsComplete: false });
  });

  test('a very long ErrorMessage in ASSOCIATION_FAILED arrives with its start, shortened', async () => {
    const errorMessage = `Dictionary rejected: line 3 is malformed. ${'z'.repeat(10_000)}`;
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ASSOCIATION_FAILED', { ErrorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: errorMessage } })));

    const error = await isComplete(completeRequest(createEvent())).catch((e: Error) => e);

    expect((error as Error).message).toMatch(/^Package F123456789 on domain search-domain is ASSOCIATION_FAILED: ValidationFailure: Dictionary rejected: line 3 is malformed\. z+… \(\d+ more characters\)$/);
    expect(Buffer.byteLength((error as Error).message)).toBeLessThan(1024);
  });
});

test('isComplete Create/Update refuses a physical id naming another pair than the properties, touching nothing', async () => {
  const foreignId = 'opensearch-package-association:other-domain:F333';

  await expect(isComplete(completeRequest(createEvent(), foreignId))).rejects.toThrow(`Refusing to associate: physical id ${foreignId}`);
  expect(opensearch.calls()).toHaveLength(0);
});

describe('transient errors and the resource\'s own deadline', () => {
  const waiting = (deadline: number) => ({ ...completeRequest(createEvent(properties({ Timeout: '60' }))), WaitDeadline: deadline }) as IsCompleteRequest;

  test('before the deadline, throttling means "not yet"', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata }));

    await expect(isComplete(waiting(Date.now() + 60_000))).resolves.toEqual({ IsComplete: false });
  });

  test('past the deadline, the wait fails and names the last error', async () => {
    opensearch.on(ListPackagesForDomainCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata }));

    await expect(isComplete(waiting(Date.now() - 1))).rejects.toThrow("The resource's timeout passed while the service could not be read; "
      + `the last poll failed with: ListPackagesForDomain failed for package ${PACKAGE} on domain ${DOMAIN}: ThrottlingException: Rate exceeded`);
  });
});
