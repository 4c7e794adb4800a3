import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { countSdkCalls } from './sdk-calls';

/**
 * Package operations are rarely called, so riding out throttling and 5xx for longer is cheaper than
 * failing a deployment. The SDK default is 3 attempts. `AWS_MAX_ATTEMPTS`, the SDK's own setting,
 * still wins when set (the e2e tests use it to keep throttling scenarios short).
 */
export const MAX_ATTEMPTS = 8;
export const RETRY_MODE = 'standard';

/**
 * A call that never answers must fail with a log line, not run into the 5-minute Lambda timeout:
 * 8 attempts of at most 5 s to connect plus 20 s to answer, with the standard mode's backoff
 * (under 30 s in all), stay below it.
 */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Credentials, region and endpoint come from the default chains on purpose: `AWS_REGION` and
 * `AWS_ENDPOINT_URL_OPENSEARCH` steer the handler (e.g. towards an emulator) without code changes.
 */
export function createOpenSearchClient(): OpenSearchClient {
  const client = new OpenSearchClient({
    maxAttempts: maxAttemptsFromEnvironment() ?? MAX_ATTEMPTS,
    retryMode: RETRY_MODE,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  countSdkCalls(client);
  return client;
}

function maxAttemptsFromEnvironment(): number | undefined {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

let invocationClient: OpenSearchClient | undefined;

/**
 * The client of the current invocation, built on first use (not at import) so tests can mock the
 * client class before anything is constructed.
 */
export function openSearchClient(): OpenSearchClient {
  invocationClient ??= createOpenSearchClient();
  return invocationClient;
}

/**
 * Starts a new invocation with a new client. The standard retry strategy keeps a retry quota per
 * client: on a warm container, many failed polls would drain it and the next single 500 would
 * fail at once. A fresh client gives every invocation its full allowance.
 */
export function beginInvocation(): void {
  invocationClient?.destroy();
  invocationClient = undefined;
}
