import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CopyObjectCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

/** Physical id the CDK Provider framework reports for a resource whose create failed in onEvent. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** A presigned-looking ResponseURL: the handlers must never log it. */
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response.s3.amazonaws.com/secret-presigned-url';

/**
 * Mocks every OpenSearchClient and captures the handlers' log lines, both reset for each test.
 * Call it once at the top of a test file.
 */
export function mockOpenSearchAndLogs() {
  const opensearch = mockClient(OpenSearchClient);
  let logSpy: jest.SpyInstance;
  beforeEach(() => {
    opensearch.reset();
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => logSpy.mockRestore());

  const logs = {
    /** Each log line as written. */
    raw: (): string[] => logSpy.mock.calls.map((args) => args[0] as string),
    /** Each log line parsed from JSON. */
    lines: (): Array<Record<string, unknown>> => logs.raw().map((line) => JSON.parse(line)),
  };
  return { opensearch, logs };
}

/** The stack's staging bucket as a package's properties name it. */
export const STAGING_BUCKET = 'stack-opensearchpackagestagingbucket-1a2b3c4d5e6f';

/**
 * Mocks every S3Client (the package handler's staging), answering CopyObject and DeleteObject with
 * success unless a test says otherwise; reset for each test. Call it once at the top of a test file.
 */
export function mockS3() {
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    s3.reset();
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"etag"' }, ServerSideEncryption: 'AES256' });
    s3.on(DeleteObjectCommand).resolves({});
  });
  return s3;
}
