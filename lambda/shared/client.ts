import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { countSdkCalls } from './sdk-calls';
import { addAttemptWatchdog, DEFAULT_TIMEOUTS, requestHandlerOptions } from './timeouts';
import type { ClientTimeouts } from './timeouts';

/**
 * Package operations are rarely called, so riding out throttling and 5xx for longer is cheaper than
 * failing a deployment. The SDK default is 3 attempts. `AWS_MAX_ATTEMPTS`, the SDK's own setting,
 * still wins when set (the e2e tests use it to keep throttling scenarios short).
 */
export const MAX_ATTEMPTS = 8;
export const RETRY_MODE = 'standard';

/** Kept as named constants: the README's "gives up after 5/20 seconds" quotes them. */
export const CONNECTION_TIMEOUT_MS = DEFAULT_TIMEOUTS.connectionMs;
export const REQUEST_TIMEOUT_MS = DEFAULT_TIMEOUTS.requestMs;

/**
 * Credentials, region and endpoint come from the default chains on purpose: `AWS_REGION` and
 * `AWS_ENDPOINT_URL_OPENSEARCH` steer the handler (e.g. towards an emulator) without code changes.
 */
export function createOpenSearchClient(timeouts: ClientTimeouts = DEFAULT_TIMEOUTS): OpenSearchClient {
  const client = new OpenSearchClient({
    maxAttempts: maxAttemptsFromEnvironment() ?? MAX_ATTEMPTS,
    retryMode: RETRY_MODE,
    requestHandler: requestHandlerOptions(timeouts),
  });
  countSdkCalls(client);
  addAttemptWatchdog(client, timeouts);
  return client;
}

export function maxAttemptsFromEnvironment(): number | undefined {
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
