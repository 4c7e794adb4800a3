import {
  DescribePackagesCommand, GetPackageVersionHistoryCommand, InternalException, UpdatePackageCommand, ValidationException,
} from '@aws-sdk/client-opensearch';
import type { PackageDetails } from '@aws-sdk/client-opensearch';
import { described, details, errorOf, NAME, PACKAGE_ID, properties, updateEvent } from './fixtures';
import { onEvent } from '../../../lambda/package';
import { mockOpenSearchAndLogs, mockS3 } from '../handler-test-support';

/**
 * An update owns only the version it made: a refusal of UpdatePackage is our own update only after an
 * earlier attempt of the same invocation that may have made it, and only when the package read back
 * shows it (processing since, or a newer version with our commit message).
 */
const { opensearch, logs } = mockOpenSearchAndLogs();
mockS3();

const NEW_FILE = properties({ S3Key: 'bbbb.txt', CommitMessage: 'bbbb' });
const BUSY = 'Package is being processed (current state: COPYING). Please wait for it to complete.';
const updateCalls = () => opensearch.commandCalls(UpdatePackageCommand);
const refused = (attempts: number) => new ValidationException({ message: BUSY, $metadata: { attempts } });
const lost = () => new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500, attempts: 3 } });
/** What DescribePackages shows from now on. */
const nowShows = (state: PackageDetails) => opensearch.on(DescribePackagesCommand).resolves(described(state));

beforeEach(() => nowShows(details('AVAILABLE', { AvailablePackageVersion: 'v1' })));

describe('a refusal of UpdatePackage', () => {
  test('on the SDK\'s first attempt fails with the service\'s words, even while the package processes a version: nothing is read back', async () => {
    opensearch.on(UpdatePackageCommand).callsFake(async () => {
      nowShows(details('COPYING'));
      throw refused(1);
    });

    const error = await errorOf(onEvent(updateEvent(NEW_FILE)));

    expect(error.message).toBe(`UpdatePackage failed for package ${NAME} (${PACKAGE_ID}): ValidationException: ${BUSY}`);
    // The one read is the one before asking.
    expect(opensearch.commandCalls(DescribePackagesCommand)).toHaveLength(1);
  });

  test('after the SDK retried, the package processing a version since we read it is our own update', async () => {
    opensearch.on(UpdatePackageCommand).callsFake(async () => {
      nowShows(details('COPYING'));
      throw refused(2);
    });

    await expect(onEvent(updateEvent(NEW_FILE))).resolves.toEqual({ PhysicalResourceId: PACKAGE_ID, Data: { AvailablePackageVersion: 'v1' } });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'update-found-after-lost-reply' });
  });

  test('after the SDK retried, a version processed since before we asked is someone else\'s: the refusal fails', async () => {
    nowShows(details('VALIDATING'));
    opensearch.on(UpdatePackageCommand).rejects(refused(2));

    expect((await errorOf(onEvent(updateEvent(NEW_FILE)))).message).toContain('UpdatePackage failed for package');
  });
});

describe('an unreadable, lost or hanging UpdatePackage reply', () => {
  test.each([
    ['a 200 without the package', () => ({})],
    ['an HTML page', () => { throw Object.assign(new SyntaxError('Unexpected token < in JSON'), { $response: { statusCode: 200 } }); }],
    ['a 500 after the SDK\'s retries', () => { throw lost(); }],
    ['no answer', () => { throw Object.assign(new Error('the request got no answer within 25000 ms'), { name: 'TimeoutError', $metadata: {} }); }],
  ])('%s: the version the package processes since we asked is our update, and is not asked for again', async (_label, reply) => {
    opensearch.on(UpdatePackageCommand).callsFake(async () => {
      nowShows(details('VALIDATING'));
      return reply();
    });

    await expect(onEvent(updateEvent(NEW_FILE))).resolves.toEqual({ PhysicalResourceId: PACKAGE_ID, Data: { AvailablePackageVersion: 'v1' } });
    expect(updateCalls()).toHaveLength(1);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'update-found-after-lost-reply' });
  });

  test('a newer version AVAILABLE already, with our commit message, is our update', async () => {
    opensearch.on(UpdatePackageCommand).callsFake(async () => {
      nowShows(details('AVAILABLE', { AvailablePackageVersion: 'v2' }));
      opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'bbbb' }] });
      throw lost();
    });

    await expect(onEvent(updateEvent(NEW_FILE))).resolves.toMatchObject({ PhysicalResourceId: PACKAGE_ID });
    expect(updateCalls()).toHaveLength(1);
  });

  test('a newer version with another commit message is not ours: the update is sent again', async () => {
    opensearch.on(UpdatePackageCommand)
      .callsFakeOnce(async () => {
        nowShows(details('AVAILABLE', { AvailablePackageVersion: 'v2' }));
        opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [{ PackageVersion: 'v2', CommitMessage: 'theirs' }] });
        throw lost();
      })
      .resolves({ PackageDetails: details('COPYING') });

    await onEvent(updateEvent(NEW_FILE));

    expect(updateCalls()).toHaveLength(2);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'update-requested' });
  });

  test('when nothing shows yet, the update is sent again, and its refusal then is our own update', async () => {
    opensearch.on(UpdatePackageCommand)
      .callsFakeOnce(async () => ({}))
      .callsFake(async () => {
        nowShows(details('COPYING'));
        throw refused(1);
      });

    await expect(onEvent(updateEvent(NEW_FILE))).resolves.toMatchObject({ PhysicalResourceId: PACKAGE_ID });
    expect(updateCalls()).toHaveLength(2);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'update-found-after-lost-reply' });
  });

  test('when nothing shows after the second attempt either, the update fails with the service\'s words', async () => {
    opensearch.on(UpdatePackageCommand).rejects(lost());

    const error = await errorOf(onEvent(updateEvent(NEW_FILE)));

    expect(error.message).toBe(`UpdatePackage failed for package ${NAME} (${PACKAGE_ID}): InternalException: Internal error`);
    expect(updateCalls()).toHaveLength(2);
  });
});
