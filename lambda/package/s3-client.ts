import { S3Client } from '@aws-sdk/client-s3';
import { MAX_ATTEMPTS, maxAttemptsFromEnvironment, RETRY_MODE, countSdkCalls, addAttemptWatchdog, DEFAULT_TIMEOUTS, requestHandlerOptions } from '../shared/clients';
import type { ClientTimeouts } from '../shared/clients';

/**
 * The S3 client of the package handler, which stages package files. Credentials, region and endpoint
 * come from the default chains, so `AWS_ENDPOINT_URL_S3` steers it (e.g. towards an emulator); the SDK
 * addresses buckets path-style by itself when that endpoint is an IP address. A hang gives up as the
 * package API's calls do (see ../shared/clients.ts).
 */
export function createS3Client(timeouts: ClientTimeouts = DEFAULT_TIMEOUTS): S3Client {
  const client = new S3Client({
    maxAttempts: maxAttemptsFromEnvironment() ?? MAX_ATTEMPTS,
    retryMode: RETRY_MODE,
    requestHandler: requestHandlerOptions(timeouts),
  });
  countSdkCalls(client);
  addAttemptWatchdog(client, timeouts);
  return client;
}

let sharedClient: S3Client | undefined;

/** One client per Lambda container, built on first use so tests can mock the client class first. */
export function s3Client(): S3Client {
  sharedClient ??= createS3Client();
  return sharedClient;
}
