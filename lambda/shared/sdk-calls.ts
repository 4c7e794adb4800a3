import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * API calls and HTTP attempts (first tries plus the SDK's retries) made during the current handler
 * step, for its log line: `attempts - apiCalls` is how many retries throttling or 5xx answers cost.
 * A Lambda container runs one invocation at a time, so one tally per module is enough.
 */
let apiCalls = 0;
let attempts = 0;

interface ResponseMetadata {
  readonly attempts?: number;
}

function record(metadata: ResponseMetadata | undefined): void {
  apiCalls += 1;
  attempts += metadata?.attempts ?? 1;
}

/** Counts every call the client makes, after the SDK's retries have run (successful or not). */
export function countSdkCalls(client: OpenSearchClient | S3Client): void {
  // The middleware reads only what every client's output and errors carry ($metadata).
  (client.middlewareStack as OpenSearchClient['middlewareStack']).add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        record((result.output as { $metadata?: ResponseMetadata }).$metadata);
        return result;
      } catch (error) {
        record((error as { $metadata?: ResponseMetadata } | undefined)?.$metadata);
        throw error;
      }
    },
    { step: 'initialize', name: 'countSdkCalls' },
  );
}

/** Starts a new tally, at the beginning of a step. */
export function resetSdkCalls(): void {
  apiCalls = 0;
  attempts = 0;
}

/** The tally so far, or nothing when the step made no call through a counted client. */
export function sdkCallsSoFar(): { apiCalls?: number; attempts?: number } {
  return apiCalls === 0 ? {} : { apiCalls, attempts };
}
