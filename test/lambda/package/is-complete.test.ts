import {
  AccessDeniedException,
  ConflictException,
  DeletePackageCommand,
  DescribePackagesCommand,
  GetPackageVersionHistoryCommand,
  ListDomainsForPackageCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-opensearch';
import { $metadata, completeRequest, createEvent, deleteEvent, described, details, domainEntry, errorOf, NAME, PACKAGE_ID, properties, updateEvent } from './fixtures';
import { isComplete } from '../../../lambda/package';
import { refusalGrace } from '../../../lambda/shared/pause';
import { CREATE_FAILED_MARKER, mockOpenSearchAndLogs, mockS3 } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });
mockS3();

const describeCalls = () => opensearch.commandCalls(DescribePackagesCommand).map((call) => call.args[0].input);

// ---- isComplete -----------------------------------------------------------------------------

describe('isComplete Create/Update', () => {
  test('AVAILABLE completes with the package data and the commit message of the available version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand)
      .resolvesOnce({ PackageVersionHistoryList: [{ PackageVersion: 'v3', CommitMessage: 'newer' }], NextToken: 'page-2' })
      .resolvesOnce({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'bbbb' }, { PackageVersion: 'v1' }] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response).toEqual({
      IsComplete: true,
      Data: { PackageId: PACKAGE_ID, PackageName: NAME, PackageType: 'TXT-DICTIONARY', AvailablePackageVersion: 'v2', LatestCommitMessage: 'bbbb' },
    });
    expect(describeCalls()).toEqual([{ Filters: [{ Name: 'PackageID', Value: [PACKAGE_ID] }], MaxResults: 100, NextToken: undefined }]);
    expect(opensearch.commandCalls(GetPackageVersionHistoryCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
  });

  test('a version without a commit message (the first one) completes with an empty one', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v1' }] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.Data?.LatestCommitMessage).toBe('');
  });

  test('details the service leaves out become empty strings, so every attribute resolves', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described({ PackageID: PACKAGE_ID, PackageName: NAME, PackageStatus: 'AVAILABLE', AvailablePackageVersion: 'v1' }));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.Data).toEqual({ PackageId: PACKAGE_ID, PackageName: NAME, PackageType: '', AvailablePackageVersion: 'v1', LatestCommitMessage: '' });
  });

  test('a version history without its list is not read as "no commit message": the poll waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({});

    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'transient-error-retry-next-poll' });
    expect(String(logs.lines()[0].error)).toContain('unexpected empty response from GetPackageVersionHistory');
  });

  test('refuses to report on a package that is not the one the properties name', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F555', PackageName: 'someone-elses' })));

    const error = await errorOf(isComplete(completeRequest(createEvent(), 'F555')));

    expect(error.message).toMatch(/^Refusing to wait for package F555: its name is someone-elses/);
  });

  test.each(['COPYING', 'VALIDATING'] as const)('%s is not complete yet', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, { AvailablePackageVersion: undefined })));

    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(GetPackageVersionHistoryCommand)).toHaveLength(0);
  });

  test('AVAILABLE without any version waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: undefined })));
    expect(await isComplete(completeRequest(createEvent()))).toEqual({ IsComplete: false });
  });

  test('after an update, AVAILABLE on the version before it waits; the new version completes', async () => {
    const event = completeRequest(updateEvent(properties({ S3Key: 'bbbb.txt' })), PACKAGE_ID, { AvailablePackageVersion: 'v1' });
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce(described(details('AVAILABLE', { AvailablePackageVersion: 'v1' })))
      .resolvesOnce(described(details('AVAILABLE', { AvailablePackageVersion: 'v2' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'bbbb' }] });

    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(await isComplete(event)).toMatchObject({ IsComplete: true, Data: { AvailablePackageVersion: 'v2', LatestCommitMessage: 'bbbb' } });
  });

  test('an update that changed nothing completes on the current version', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v4' })));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(updateEvent(properties({ CommitMessage: 'reworded' }))));

    expect(response).toMatchObject({ IsComplete: true, Data: { AvailablePackageVersion: 'v4' } });
  });

  test.each(['VALIDATION_FAILED', 'COPY_FAILED'] as const)('%s fails with the service error details', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, {
      ErrorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: 'Line 3: malformed synonym rule' },
    })));

    const error = await errorOf(isComplete(completeRequest(createEvent())));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: ValidationFailure: Line 3: malformed synonym rule`);
  });

  test('a failure without details still says so', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('COPY_FAILED')));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is COPY_FAILED: UnknownError: the service gave no details`);
  });

  test.each(['DELETING', 'DELETED', 'DELETE_FAILED'] as const)('%s fails: someone is deleting the package', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status)));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: it is being deleted outside the stack`);
  });

  test.each([
    ['an empty listing', () => opensearch.on(DescribePackagesCommand).resolves(described())],
    ['another package only', () => opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F9' })))],
    ['ResourceNotFoundException', () => opensearch.on(DescribePackagesCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata }))],
  ])('a package that is gone (%s) fails', async (_case, arrange) => {
    arrange();
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) does not exist any more: it was deleted outside the stack`);
  });

  test('a DescribePackages error names the operation, the package and the service message', async () => {
    opensearch.on(DescribePackagesCommand).rejects(new AccessDeniedException({ message: 'no es:DescribePackages', $metadata }));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`DescribePackages failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: no es:DescribePackages`);
  });

  test('a GetPackageVersionHistory error names the operation too', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(isComplete(completeRequest(createEvent())));
    expect(error.message).toBe(`GetPackageVersionHistory failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: denied`);
  });
});

describe('isComplete Delete', () => {
  const deletion = (physicalId = PACKAGE_ID) => completeRequest(deleteEvent(physicalId), physicalId);

  test('deletes the package once no domain lists it, and completes when it is gone', async () => {
    opensearch.on(DescribePackagesCommand)
      .resolvesOnce(described(details('AVAILABLE')))
      .resolvesOnce(described());
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).resolves({ PackageDetails: details('DELETING') });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)[0].args[0].input).toEqual({ PackageID: PACKAGE_ID });
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test('waits while associations are being removed, without deleting', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({
      DomainPackageDetailsList: [domainEntry('domain-one', 'DISSOCIATING'), domainEntry('domain-two', 'ACTIVE')],
    });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('an association being made waits too', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [domainEntry('domain-one', 'ASSOCIATING')] });
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
  });

  test('follows every page of ListDomainsForPackage', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand)
      .resolvesOnce({ DomainPackageDetailsList: [], NextToken: 'page-2' })
      .resolvesOnce({ DomainPackageDetailsList: [domainEntry('domain-three', 'DISSOCIATING')] });

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(ListDomainsForPackageCommand).map((call) => call.args[0].input)).toEqual([
      { PackageID: PACKAGE_ID, MaxResults: 100, NextToken: undefined },
      { PackageID: PACKAGE_ID, MaxResults: 100, NextToken: 'page-2' },
    ]);
  });

  test('a domain outside the stack still using the package fails the delete, naming it, and dissociates nothing', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({
      DomainPackageDetailsList: [domainEntry('other-team', 'ACTIVE'), domainEntry('broken', 'ASSOCIATION_FAILED')],
    });

    const error = await errorOf(isComplete(deletion()));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is still associated with other-team (ACTIVE), broken (ASSOCIATION_FAILED): `
      + 'dissociate it there first, or keep the package with removalPolicy RETAIN');
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test.each([
    ['not listed', described()],
    ['DELETED', described(details('DELETED'))],
  ])('a package already gone (%s) completes without deleting', async (_case, listing) => {
    opensearch.on(DescribePackagesCommand).resolves(listing);
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('DELETING waits', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('DELETING')));
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(ListDomainsForPackageCommand)).toHaveLength(0);
  });

  test('DELETE_FAILED fails with the service error details', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('DELETE_FAILED', { ErrorDetails: { ErrorType: 'InternalFailure', ErrorMessage: 'try again' } })));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is DELETE_FAILED: InternalFailure: try again`);
  });

  test('ListDomainsForPackage answering not-found while DescribePackages shows the package goes on to DeletePackage', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    opensearch.on(DeletePackageCommand).resolves({});
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test('a package that vanishes between the calls completes: DeletePackage\'s own not-found says it is gone', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    opensearch.on(DeletePackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
  });

  test('DeletePackage answering ResourceNotFoundException completes', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejects(new ResourceNotFoundException({ message: 'Package not found', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: true });
  });

  test('DeletePackage answering ConflictException while a domain still lists the package asks again on the next poll', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand)
      .resolvesOnce({ DomainPackageDetailsList: [] })
      // Listed by the time the refusal is looked into: an association started a moment ago.
      .resolves({ DomainPackageDetailsList: [{ DomainName: 'search-domain', PackageID: PACKAGE_ID, DomainPackageStatus: 'ASSOCIATING' }] });
    opensearch.on(DeletePackageCommand).rejects(new ConflictException({ message: 'Any wording', $metadata }));
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(1);
  });

  test.each(['Package is associated with a domain', 'Something else entirely'])(
    'DeletePackage refused on an idle package no domain lists ("%s") gets the grace, then fails with the fix', async (message) => {
      opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
      opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
      opensearch.on(DeletePackageCommand).rejects(new ConflictException({ message, $metadata }));
      const error = await errorOf(isComplete(deletion()));
      expect(error.message).toBe(`DeletePackage failed for package ${NAME} (${PACKAGE_ID}): ConflictException: ${message}. `
        + 'The package is idle and no domain lists it, so retrying can\'t help (refused 3 times over 0 seconds): '
        + 'keep the package with removalPolicy RETAIN and delete it by hand');
      expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(3);
    });

  test('DeletePackage refused once on an idle package succeeds when asked again after the pause', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejectsOnce(new ConflictException({ message: 'x', $metadata })).resolves({});
    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(2);
  });

  test('other DeletePackage errors fail, naming the operation and the package', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });
    opensearch.on(DeletePackageCommand).rejects(new AccessDeniedException({ message: 'no es:DeletePackage', $metadata }));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`DeletePackage failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: no es:DeletePackage`);
  });

  test('other ListDomainsForPackage errors fail the same way', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(ListDomainsForPackageCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata }));
    const error = await errorOf(isComplete(deletion()));
    expect(error.message).toBe(`ListDomainsForPackage failed for package ${NAME} (${PACKAGE_ID}): AccessDeniedException: denied`);
  });

  test('without a package name in the properties nothing proves ownership: refuses, touching nothing', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    const event = completeRequest(deleteEvent(PACKAGE_ID, {}), PACKAGE_ID);
    expect((await errorOf(isComplete(event))).message).toBe(`Refusing to delete package ${PACKAGE_ID}: its name is ${NAME}, `
      + "but the resource's properties name undefined; nothing was changed");
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('refuses to delete a package whose name is not the one the resource was created with', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { PackageID: 'F777', PackageName: 'someone-elses' })));
    opensearch.on(ListDomainsForPackageCommand).resolves({ DomainPackageDetailsList: [] });

    const error = await errorOf(isComplete(deletion('F777')));

    expect(error.message).toBe(`Refusing to delete package F777: its name is someone-elses, but the resource's properties name ${NAME}; `
      + 'nothing was changed');
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
    expect(opensearch.commandCalls(ListDomainsForPackageCommand)).toHaveLength(0);
  });

  test.each([
    ['DescribePackages', () => opensearch.on(DescribePackagesCommand).resolves({})],
    ['ListDomainsForPackage', () => {
      opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
      opensearch.on(ListDomainsForPackageCommand).resolves({});
    }],
  ])('an empty %s reply is not "deleted": the poll waits and nothing is deleted', async (operation, arrange) => {
    arrange();

    expect(await isComplete(deletion())).toEqual({ IsComplete: false });
    expect(String(logs.lines()[0].error)).toContain(`unexpected empty response from ${operation}`);
    expect(opensearch.commandCalls(DeletePackageCommand)).toHaveLength(0);
  });

  test('a non-string physical id is not ours: completes without any API call or TypeError', async () => {
    expect(await isComplete(deletion(42 as unknown as string))).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });

  test('a foreign physical id completes without any API call', async () => {
    expect(await isComplete(deletion(CREATE_FAILED_MARKER))).toEqual({ IsComplete: true });
    expect(opensearch.calls()).toHaveLength(0);
  });
});
