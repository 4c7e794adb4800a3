import {
  CreatePackageCommand,
  DescribePackagesCommand,
} from '@aws-sdk/client-opensearch';
import { completeRequest, createEvent, deleteEvent, described, details, errorOf, NAME, PACKAGE_ID, properties } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/package';
import type { IsCompleteRequest, OnEventRequest } from '../../../lambda/shared/events';
import { refusalGrace } from '../../../lambda/shared/pause';
import { mockOpenSearchAndLogs, mockS3, STAGING_BUCKET } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });
mockS3();

describe('logging', () => {
  test('writes one JSON line per step with the step fields and without the ResponseURL', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent());

    expect(logs.raw()).toHaveLength(1);
    const line = logs.raw()[0];
    expect(JSON.parse(line)).toEqual({
      handler: 'onEvent',
      requestType: 'Create',
      packageName: NAME,
      packageId: PACKAGE_ID,
      physicalResourceId: PACKAGE_ID,
      status: 'COPYING',
      outcome: 'requested',
      stagedFile: expect.stringMatching(new RegExp(`^s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt$`)),
    });
    expect(line).not.toContain('secret-presigned-url');
  });

  test('logs a failed step once, with the error message', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('VALIDATION_FAILED', { ErrorDetails: { ErrorMessage: 'bad' } })));

    await errorOf(isComplete(completeRequest(createEvent())));

    expect(logs.lines()).toHaveLength(1);
    expect(logs.lines()[0]).toMatchObject({ handler: 'isComplete', outcome: 'failed', error: expect.stringContaining('bad') });
  });
});

test('an unsupported request type fails', async () => {
  const event = { ...createEvent(), RequestType: 'Rename' } as unknown as OnEventRequest;
  expect((await errorOf(onEvent(event))).message).toBe('Unsupported RequestType Rename');
});

test('isComplete refuses an unknown request type without any API call', async () => {
  const event = { ...completeRequest(deleteEvent()), RequestType: 'Purge' } as unknown as IsCompleteRequest;
  expect((await errorOf(isComplete(event))).message).toBe('Unsupported RequestType Purge');
  expect(opensearch.calls()).toHaveLength(0);
});

test('a 10,000-character property value is refused with a short message naming the field', async () => {
  const error = await errorOf(onEvent(createEvent(properties({ S3Key: 'k'.repeat(10_000) }))));
  expect(error.message).toMatch(/^Invalid S3Key: at most 1024 characters allowed, got 10000 \("k{32}… \(9968 more characters\)"\)$/);
  expect(opensearch.calls()).toHaveLength(0);
});

test.each([
  ['PackageType', 'T'.repeat(33), 'at most 32'],
  ['S3BucketName', 'b'.repeat(64), 'at most 63'],
  ['S3BucketName', 'bb', 'at least 3'],
  ['S3ObjectVersion', 'v'.repeat(1025), 'at most 1024'],
])('%s of %p characters is refused', async (field, value, rule) => {
  const error = await errorOf(onEvent(createEvent(properties({ [field]: value }))));
  expect(error.message).toContain(`Invalid ${field}: ${rule} characters`);
});
