import {
  InternalException,
  ListPackagesForDomainCommand,
  ThrottlingException,
} from '@aws-sdk/client-opensearch';
import { $metadata, completeRequest, createEvent, deleteEvent, DOMAIN, listed, listing, PACKAGE, properties, updateEvent, mockAssociationService } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/association';
import type { IsCompleteRequest } from '../../../lambda/shared/events';

const { opensearch, logLines, associateInputs, dissociateInputs } = mockAssociationService();

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
