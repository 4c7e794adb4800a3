import {
  AccessDeniedException,
  AssociatePackageCommand,
  DescribePackagesCommand,
  DissociatePackageCommand,
  InternalException,
  ListPackagesForDomainCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-opensearch';
import { $metadata, alreadyInDesiredState, conflict, createEvent, deleteEvent, described, DOMAIN, inProgress, listed, listing, other, PACKAGE, PHYSICAL_ID, pkg, properties, updateEvent, mockAssociationService } from './fixtures';
import { onEvent } from '../../../lambda/association';
import type { OnEventRequest } from '../../../lambda/shared/events';
import { CREATE_FAILED_MARKER } from '../handler-test-support';

const { opensearch, logLines, processingDomain, associateInputs, dissociateInputs } = mockAssociationService();

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

  test('a ValidationException that persists on an idle domain fails after the grace, with the service message and a likely cause', async () => {
    opensearch.on(AssociatePackageCommand).rejects(new ValidationException({ message: 'Package type is not supported by this engine version', $metadata }));

    await expect(onEvent(createEvent())).rejects.toThrow(`AssociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN} while the domain is idle, `
      + 'so retrying can\'t help: ValidationException: Package type is not supported by this engine version. Likely cause: the package may not suit the domain');
    expect(associateInputs()).toHaveLength(3);
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
