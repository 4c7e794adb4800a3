/**
 * Which errors mean "not yet" rather than "failed": throttling, server errors, timeouts, network
 * failures and unreadable replies. Decided from what the SDK attaches to an error (its name,
 * `$retryable`, `$metadata.httpStatusCode`, a Node.js network error `code`), never from wording.
 * An error wrapped with `{ cause }` is classified by its causes too.
 */

/** A reply that parses but lacks what the API model says it holds (e.g. a 200 with an empty body). */
export class UnexpectedResponseError extends Error {
  constructor(operation: string, missing: string) {
    super(`unexpected empty response from ${operation}: the reply holds no ${missing}`);
    this.name = 'UnexpectedResponseError';
  }
}

/** Error names of throttling, as the SDK's own retry classification knows them. */
const THROTTLING_NAMES = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestThrottled',
  'RequestThrottledException', 'RequestLimitExceeded', 'SlowDown', 'BandwidthLimitExceeded',
]);

/** Timeouts: the HTTP handler's request/connection timeouts and the service's own. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** Node.js and undici network error codes. */
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EPROTO', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);

interface SdkErrorFields {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $retryable?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: unknown;
  readonly $responseBodyText?: unknown;
  readonly cause?: unknown;
}

/** Whether retrying later may succeed where this attempt failed. */
export function isTransient(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    if (isTransientItself(current as SdkErrorFields)) return true;
    current = (current as SdkErrorFields).cause;
  }
  return false;
}

function isTransientItself(error: SdkErrorFields): boolean {
  const name = typeof error.name === 'string' ? error.name : '';
  // The SDK marks modeled 5xx errors (InternalException, ...) as server faults.
  if (error.$retryable || error.$fault === 'server') return true;
  if (THROTTLING_NAMES.has(name) || TIMEOUT_NAMES.has(name) || name === 'UnexpectedResponseError') return true;
  const status = error.$metadata?.httpStatusCode;
  if (typeof status === 'number' && (status === 429 || status >= 500)) return true;
  if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) return true;
  // The SDK's deserializer attaches the raw response to a reply it could not parse.
  return name === 'SyntaxError' && ('$response' in error || '$responseBodyText' in error);
}
