import {
  AccessDeniedException,
  AssociatePackageCommand,
  DescribePackagesCommand,
  DissociatePackageCommand,
  ListPackagesForDomainCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-opensearch';
import { $metadata, alreadyInDesiredState, completeRequest, conflict, createEvent, deleteEvent, described, DOMAIN, inProgress, listed, listing, other, PACKAGE, PHYSICAL_ID, pkg, properties, updateEvent, mockAssociationService } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/association';
import type { OnEventRequest } from '../../../lambda/shared/events';
import { CREATE_FAILED_MARKER } from '../handler-test-support';

const { opensearch, logs, logLines, processingDomain, associateInputs, dissociateInputs, listCalls } = mockAssociationService();

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
