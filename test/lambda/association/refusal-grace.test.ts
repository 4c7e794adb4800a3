import { AssociatePackageCommand, DescribeDomainCommand, DissociatePackageCommand, ListPackagesForDomainCommand, ValidationException } from '@aws-sdk/client-opensearch';
import { $metadata, conflict, createEvent, deleteEvent, DOMAIN, IN_USE_CAUSE, listed, listing, mockAssociationService, PACKAGE, PHYSICAL_ID } from './fixtures';
import { onEvent } from '../../../lambda/association';
import { ASSOCIATE_REFUSAL_CAUSE, HIDDEN_CONFLICT_CAUSE } from '../../../lambda/association/association-requests';
import { refusalGrace, refusedAttempts } from '../../../lambda/shared/pause';

/**
 * A refusal on an idle-looking domain gets a bounded grace: services refuse for reasons their API
 * does not show. At least 3 attempts over at least 30 s with backoff, and a failure within 2 minutes.
 */
const { opensearch, logLines, associateInputs, dissociateInputs } = mockAssociationService();

/** The schedule the handlers ship with, restored after each test (the fixtures shorten it). */
const SHIPPED = [...refusalGrace.delaysMs];

describe('the shipped grace', () => {
  afterEach(() => { refusalGrace.delaysMs = [0, 0]; });

  test('is at least 3 attempts over at least 30 s, each pause longer than the one before, and ends well within 2 minutes', () => {
    refusalGrace.delaysMs = SHIPPED;
    expect(refusedAttempts()).toBeGreaterThanOrEqual(3);
    const total = SHIPPED.reduce((sum, ms) => sum + ms, 0);
    expect(total).toBeGreaterThanOrEqual(30_000);
    SHIPPED.slice(1).forEach((ms, index) => expect(ms).toBeGreaterThan(SHIPPED[index]));
    // Room left for the calls of every attempt before the 2-minute promise.
    expect(total).toBeLessThanOrEqual(60_000);
  });

  test('pauses as scheduled between the attempts of one invocation', async () => {
    refusalGrace.delaysMs = SHIPPED;
    const pauses: number[] = [];
    const timers = jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      pauses.push(ms ?? 0);
      callback();
      return 0 as unknown as NodeJS.Timeout;
    }) as typeof setTimeout);
    try {
      opensearch.on(DissociatePackageCommand).rejects(conflict('Package is in use.'));
      opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
      await expect(onEvent(deleteEvent())).rejects.toThrow(`Likely cause: ${IN_USE_CAUSE} (refused 3 times over`);
    } finally {
      timers.mockRestore();
    }
    expect(pauses).toEqual(SHIPPED);
    expect(dissociateInputs()).toHaveLength(3);
  });
});

describe('within the grace', () => {
  test('a ConflictException twice on an idle domain, then accepted, is just a request', async () => {
    opensearch.on(AssociatePackageCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({});

    await expect(onEvent(createEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(associateInputs()).toHaveLength(3);
    expect(logLines()[0]).toMatchObject({ outcome: 'requested' });
  });

  test('a ConflictException that outlives the grace names hidden work as the likely cause, not the package', async () => {
    opensearch.on(AssociatePackageCommand).rejects(conflict('Conflict.'));

    const error = await onEvent(createEvent()).then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(`AssociatePackage was refused for package ${PACKAGE} on domain ${DOMAIN} while the domain is idle, so retrying `
      + `can't help: ConflictException: Conflict. Likely cause: ${HIDDEN_CONFLICT_CAUSE} (refused 3 times over 0 seconds)`);
  });

  test('a ValidationException that outlives the grace names the package and the domain\'s limits', async () => {
    opensearch.on(AssociatePackageCommand).rejects(new ValidationException({ message: 'Invalid package type.', $metadata }));
    await expect(onEvent(createEvent())).rejects.toThrow(`Likely cause: ${ASSOCIATE_REFUSAL_CAUSE} (refused 3 times`);
  });
});

describe('a refusal whose check gets an unreadable reply', () => {
  test.each([
    ['DescribeDomain answering {}', () => opensearch.on(DescribeDomainCommand).resolves({})],
    ['ListPackagesForDomain answering {}', () => opensearch.on(ListPackagesForDomainCommand).resolves({})],
  ])('%s is no evidence of "idle": the request is left to isComplete, never failed', async (_label, unreadable) => {
    opensearch.on(DissociatePackageCommand).rejects(conflict());
    opensearch.on(ListPackagesForDomainCommand).resolves(listing(listed('ACTIVE')));
    unreadable();

    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(logLines()[0]).toMatchObject({ outcome: 'refused-state-unreadable' });
    expect(dissociateInputs()).toHaveLength(1);
  });
});
