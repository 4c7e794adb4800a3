import {
  AccessDeniedException,
  AssociatePackageCommand,
  DescribeDomainCommand,
  DescribePackagesCommand,
  DissociatePackageCommand,
  ListPackagesForDomainCommand,
} from '@aws-sdk/client-opensearch';
import type { DomainStatus } from '@aws-sdk/client-opensearch';
import { $metadata, completeRequest, conflict, createEvent, deleteEvent, described, DOMAIN, domainStatus, IN_USE_CAUSE, listed, listing, other, PACKAGE, PHYSICAL_ID, pkg, properties, mockAssociationService } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/association';
import { refusalGrace } from '../../../lambda/shared/pause';

const { opensearch, logLines, associateInputs, dissociateInputs } = mockAssociationService();

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
      + `so retrying can't help: ConflictException: Package is in use. Likely cause: ${IN_USE_CAUSE} (refused 3 times over 0 seconds)`);
    // Poll 1 asked once; poll 2 asked three times, looking at the domain after each refusal.
    expect(dissociateInputs()).toHaveLength(4);
    expect(opensearch.commandCalls(DescribeDomainCommand)).toHaveLength(3);
  });

  test.each(['Package is in use by index products.', 'Conflict.'])(
    'onEvent Delete refused on an idle domain fails within the invocation whatever the wording ("%s")', async (message) => {
      opensearch.on(DissociatePackageCommand).rejects(conflict(message));
      opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

      await expect(onEvent(deleteEvent())).rejects.toThrow(`ConflictException: ${message.replace(/\.$/, '')}. Likely cause: ${IN_USE_CAUSE}`);
      expect(dissociateInputs()).toHaveLength(3);
    });

  test('a refusal on an idle domain that clears on the second try is just a request', async () => {
    opensearch.on(DissociatePackageCommand).rejectsOnce(conflict()).resolves({});
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'requested' });
    expect(dissociateInputs()).toHaveLength(2);
  });

  test('waits the configured pause before the second look', async () => {
    refusalGrace.delaysMs = [40, 0];
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
    expect(associateInputs()).toHaveLength(3);
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
