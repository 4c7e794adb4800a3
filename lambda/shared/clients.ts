import { OpenSearchClient } from '@aws-sdk/client-opensearch';
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

/**
 * Every call gives up on a hang, whichever SDK version the Lambda runtime brings (the bundle leaves
 * `@aws-sdk/*` to the runtime). Two layers:
 * - the HTTP handler's own timeouts. Since @smithy/node-http-handler 4.x, `requestTimeout` only logs a
 *   warning unless `throwOnRequestTimeout` is set, so both are set; older versions, which threw
 *   without the flag, ignore it.
 * - a watchdog around each attempt (inside the SDK's retry loop), for a runtime whose handler timeout
 *   does not fire at all. It fails the attempt with a `TimeoutError`, which the SDK retries like its own.
 * The watchdog waits with setTimeout, so a host that scales time scales it too.
 */

export interface ClientTimeouts {
  /** Longest wait for a connection. */
  readonly connectionMs: number;
  /** Longest wait for an answer once connected. */
  readonly requestMs: number;
}

/**
 * 8 attempts of at most 5 s to connect plus 20 s to answer, with the standard mode's backoff (under
 * 30 s in all), stay below the functions' 5-minute timeout, so a hang fails with a log line of ours.
 */
export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectionMs: 5_000, requestMs: 20_000 };

/** The `requestHandler` options every client of the handlers is built with. */
export function requestHandlerOptions(timeouts: ClientTimeouts) {
  return { connectionTimeout: timeouts.connectionMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true };
}

/** Adds the per-attempt watchdog: an attempt that outlives connection plus request timeout fails. */
export function addAttemptWatchdog(client: OpenSearchClient | S3Client, timeouts: ClientTimeouts): void {
  const limitMs = timeouts.connectionMs + timeouts.requestMs;
  (client.middlewareStack as OpenSearchClient['middlewareStack']).add(
    (next) => (args) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(attemptTimedOut(limitMs)), limitMs);
      next(args).then(resolve, reject).finally(() => clearTimeout(timer));
    }),
    // Outermost in the deserialize step: each attempt, its reply body included, is bounded.
    { step: 'deserialize', name: 'attemptWatchdog', priority: 'high' },
  );
}

function attemptTimedOut(limitMs: number): Error {
  // `TimeoutError` is a name the SDK's retry strategy treats as transient, and so does isTransient (errors.ts).
  return Object.assign(new Error(`the request got no answer within ${limitMs} ms`), { name: 'TimeoutError', $metadata: {} });
}

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
  return buildClient(OpenSearchClient, timeouts);
}

/**
 * A client of the handlers (the package API's, S3's): the same attempts, retry mode and timeouts that
 * fire, its calls counted for the step log, and a watchdog on every attempt.
 */
export function buildClient<C extends OpenSearchClient | S3Client>(
  ClientClass: new (config: { maxAttempts: number; retryMode: string; requestHandler: ReturnType<typeof requestHandlerOptions> }) => C,
  timeouts: ClientTimeouts,
): C {
  const client = new ClientClass({
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
