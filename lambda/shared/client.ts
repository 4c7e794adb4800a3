import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { countSdkCalls } from './sdk-calls';

/**
 * Package operations are rarely called, so riding out throttling and 5xx for longer is cheaper than
 * failing a deployment. The SDK default is 3 attempts.
 */
export const MAX_ATTEMPTS = 8;
export const RETRY_MODE = 'standard';

/**
 * Credentials, region and endpoint come from the default chains on purpose: `AWS_REGION` and
 * `AWS_ENDPOINT_URL_OPENSEARCH` steer the handler (e.g. towards an emulator) without code changes.
 */
export function createOpenSearchClient(): OpenSearchClient {
  const client = new OpenSearchClient({ maxAttempts: MAX_ATTEMPTS, retryMode: RETRY_MODE });
  countSdkCalls(client);
  return client;
}

let sharedClient: OpenSearchClient | undefined;

/**
 * One client per Lambda container, built on first use (not at import) so tests can mock the
 * client class before anything is constructed.
 */
export function openSearchClient(): OpenSearchClient {
  sharedClient ??= createOpenSearchClient();
  return sharedClient;
}
