import { OpenSearchClient } from '@aws-sdk/client-opensearch';
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
