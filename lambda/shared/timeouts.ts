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
import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { S3Client } from '@aws-sdk/client-s3';

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
  // `TimeoutError` is a name the SDK's retry strategy treats as transient, and so does transient.ts.
  return Object.assign(new Error(`the request got no answer within ${limitMs} ms`), { name: 'TimeoutError', $metadata: {} });
}
