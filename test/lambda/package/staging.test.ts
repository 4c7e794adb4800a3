import {
  AccessDeniedException,
  CreatePackageCommand,
  DescribePackagesCommand,
  GetPackageVersionHistoryCommand,
  UpdatePackageCommand,
} from '@aws-sdk/client-opensearch';
import { CopyObjectCommand, DeleteObjectCommand, NoSuchBucket, NoSuchKey } from '@aws-sdk/client-s3';
import { $metadata, completeRequest, createEvent, deleteEvent, described, details, errorOf, NAME, PACKAGE_ID, properties, STAGED_KEY, updateEvent } from './fixtures';
import { isComplete, onEvent } from '../../../lambda/package';
import { refusalGrace } from '../../../lambda/shared/pause';
import { mockOpenSearchAndLogs, mockS3, STAGING_BUCKET } from '../handler-test-support';

const { opensearch, logs } = mockOpenSearchAndLogs();
// No real pause before the second look at a refused request.
beforeAll(() => { refusalGrace.delaysMs = [0, 0]; });
const s3 = mockS3();

const copies = () => s3.commandCalls(CopyObjectCommand).map((call) => call.args[0].input);
const deletions = () => s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input);

// ---- cross-cutting ----------------------------------------------------------------------------

describe('staging the file', () => {
  test('Create copies the source into the staging bucket as SSE-S3 and hands the service the copy', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent());

    expect(copies()).toEqual([{
      Bucket: STAGING_BUCKET, Key: STAGED_KEY, CopySource: 'cdk-assets/aaaa.txt', ServerSideEncryption: 'AES256', TaggingDirective: 'REPLACE',
    }]);
    const source = opensearch.commandCalls(CreatePackageCommand)[0].args[0].input.PackageSource;
    expect(source).toEqual({ S3BucketName: STAGING_BUCKET, S3Key: copies()[0].Key });
    // The service has not copied it yet: nothing is deleted.
    expect(deletions()).toEqual([]);
  });

  test('the source key is URL-encoded segment by segment; the staged key keeps the file name', async () => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(createEvent(properties({ S3BucketName: 'dicts', S3Key: 'plugins/my plugin+1.zip' })));

    expect(copies()[0]).toMatchObject({ CopySource: 'dicts/plugins/my%20plugin%2B1.zip', Key: expect.stringMatching(/^product-synonyms\/[0-9a-f]{16}\/my plugin\+1\.zip$/) });
  });

  test.each([
    ['key', { S3Key: 'bbbb.txt' }],
    ['bucket', { S3BucketName: 'other-bucket' }],
    ['object version', { S3ObjectVersion: 'v2' }],
  ])('a new source %s is a new staged key, so the copy the service may still read is never overwritten', async (_field, change) => {
    opensearch.on(CreatePackageCommand).resolves({ PackageDetails: details('COPYING') });
    await onEvent(createEvent());
    await onEvent(createEvent(properties(change)));
    const [first, second] = copies();
    expect(second.Key).not.toBe(first.Key);
    expect(second.Key!.startsWith(`${NAME}/`)).toBe(true);
  });

  test('Update stages the new file and hands UpdatePackage the copy', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(UpdatePackageCommand).resolves({ PackageDetails: details('COPYING') });

    await onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' })));

    expect(copies().map((c) => c.CopySource)).toEqual(['cdk-assets/bbbb.txt']);
    const source = opensearch.commandCalls(UpdatePackageCommand)[0].args[0].input.PackageSource;
    expect(source).toEqual({ S3BucketName: STAGING_BUCKET, S3Key: copies()[0].Key });
  });

  test('an update that asks nothing of the service stages nothing', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    await onEvent(updateEvent(properties({ CommitMessage: 'other' })));
    expect(copies()).toEqual([]);
  });

  test('a failed copy fails the step before anything is asked of the service, naming source, copy and the permissions', async () => {
    s3.on(CopyObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata }));

    const error = await errorOf(onEvent(createEvent()));

    expect(error.message).toMatch(new RegExp(`^Copying s3://cdk-assets/aaaa\\.txt to the staging bucket s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt `
      + 'failed: NoSuchKey: The specified key does not exist\\. The handler needs s3:GetObject on the source \\(and kms:Decrypt'));
    expect(opensearch.commandCalls(CreatePackageCommand)).toHaveLength(0);
  });

  test.each([
    ['CreatePackage', () => onEvent(createEvent())],
    ['UpdatePackage', () => onEvent(updateEvent(properties({ S3Key: 'bbbb.txt' })))],
  ])('a refused %s deletes the copy it was given, then fails as the service said', async (operation, run) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(CreatePackageCommand).rejects(new AccessDeniedException({ message: 'nope', $metadata }));
    opensearch.on(UpdatePackageCommand).rejects(new AccessDeniedException({ message: 'nope', $metadata }));

    const error = await errorOf(run());

    expect(error.message).toContain(`${operation} failed for package ${NAME}`);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: copies()[0].Key }]);
  });

  test('isComplete deletes the copy once the new version is AVAILABLE, and logs it', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.IsComplete).toBe(true);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
    expect(logs.lines()[0]).toMatchObject({ outcome: 'complete', stagedFile: expect.stringMatching(`^s3://${STAGING_BUCKET}/product-synonyms/`) });
  });

  test.each(['COPYING', 'VALIDATING'] as const)('isComplete keeps the copy while the service is %s it', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status)));
    await isComplete(completeRequest(createEvent()));
    expect(deletions()).toEqual([]);
  });

  test('after an update, AVAILABLE on the version before keeps the copy: the service has not taken it yet', async () => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE', { AvailablePackageVersion: 'v1' })));
    await isComplete(completeRequest(updateEvent(properties({ S3Key: 'bbbb.txt' })), PACKAGE_ID, { AvailablePackageVersion: 'v1' }));
    expect(deletions()).toEqual([]);
  });

  test.each(['COPY_FAILED', 'VALIDATION_FAILED'] as const)('isComplete deletes the copy when the version is %s, then fails', async (status) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details(status, { ErrorDetails: { ErrorType: 'X', ErrorMessage: 'bad' } })));

    const error = await errorOf(isComplete(completeRequest(createEvent())));

    expect(error.message).toBe(`Package ${NAME} (${PACKAGE_ID}) is ${status}: X: bad`);
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
  });

  test.each([
    ['AccessDenied', () => new AccessDeniedException({ message: 'Access Denied', $metadata })],
    ['a 500', () => Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } })],
  ])('a failed deletion of the copy (%s) never fails the AVAILABLE package: it is logged and left for the bucket\'s expiry', async (_label, failure) => {
    opensearch.on(DescribePackagesCommand).resolves(described(details('AVAILABLE')));
    opensearch.on(GetPackageVersionHistoryCommand).resolves({ PackageVersionHistoryList: [] });
    s3.on(DeleteObjectCommand).rejects(failure());

    const response = await isComplete(completeRequest(createEvent()));

    expect(response.IsComplete).toBe(true);
    expect(logs.lines()[0]).toMatchObject({
      outcome: 'complete',
      stagedFile: expect.stringMatching(new RegExp(`^s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt$`)),
      error: expect.stringMatching(new RegExp(`^Deleting the staged copy s3://${STAGING_BUCKET}/product-synonyms/[0-9a-f]{16}/aaaa\\.txt failed: `
        + "(AccessDeniedException: Access Denied|InternalError: We encountered an internal error\\.); the copy is left for the bucket's one-day expiry$")),
    });
  });

  test('a refused deletion of the copy does not block the stack\'s Delete', async () => {
    s3.on(DeleteObjectCommand).rejects(new AccessDeniedException({ message: 'Access Denied', $metadata }));
    await expect(onEvent(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(logs.lines()[0]).toMatchObject({ outcome: 'waiting-for-dissociation', error: expect.stringContaining('AccessDeniedException') });
  });

  test('Delete removes a copy a failed or timed-out deployment may have left, so CloudFormation can delete the bucket', async () => {
    await onEvent(deleteEvent());
    expect(deletions()).toEqual([{ Bucket: STAGING_BUCKET, Key: STAGED_KEY }]);
  });

  test('Delete succeeds when the staging bucket is already gone', async () => {
    s3.on(DeleteObjectCommand).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata }));
    const response = await onEvent(deleteEvent());
    expect(response).toEqual({ PhysicalResourceId: PACKAGE_ID });
    expect(deletions()).toHaveLength(1);
  });

  test('Delete of a resource from before staging existed touches no bucket', async () => {
    const { StagingBucketName: _bucket, StagingPrefix: _prefix, ...before } = properties();
    await onEvent(deleteEvent(PACKAGE_ID, before));
    expect(deletions()).toEqual([]);
  });

  test.each(['StagingBucketName', 'StagingPrefix'])('Create without %s fails, naming it', async (field) => {
    const error = await errorOf(onEvent(createEvent(properties({ [field]: undefined }))));
    expect(error.message).toBe(`Missing required property ${field}`);
    expect(copies()).toEqual([]);
  });
});
