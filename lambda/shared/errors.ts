/**
 * Keeps failure reasons inside CloudFormation's limit: a custom resource response over 4,096 bytes is
 * refused ("Response object is too long") and the real reason is lost
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html).
 * The provider framework adds the stack trace, the log group and the event's ids to our message, so
 * the message itself gets well under half of it.
 */

/** Longest echo of one value (an id, a name, a property value) in a message. */
export const MAX_ECHOED_CHARS = 128;

/** Longest echo of the service's own message; its start carries the cause, so the start is kept. */
export const MAX_SERVICE_MESSAGE_CHARS = 512;

/** Longest whole failure message, in UTF-8 bytes once JSON-encoded (quotes and escapes count). */
export const MAX_FAILURE_MESSAGE_BYTES = 1536;

/**
 * A value as a message may show it: control characters (newlines break the framework's stack
 * layout) become spaces, and anything past `maxChars` is cut, saying how much was left out.
 */
export function echo(value: unknown, maxChars: number = MAX_ECHOED_CHARS): string {
  const text = textOf(value).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const chars = Array.from(text);
  if (chars.length <= maxChars) {
    return text;
  }
  return `${chars.slice(0, maxChars).join('')}… (${chars.length - maxChars} more characters)`;
}

/**
 * A value as text, without ever throwing: anything can invoke the functions, and `String()` throws
 * for an object whose `toString` is not a function (or throws itself).
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' && typeof value !== 'function') return String(value);
  if (value === null) return 'null';
  try {
    return String(value);
  } catch {
    return `(an unprintable ${Array.isArray(value) ? 'array' : typeof value})`;
  }
}

/** The service's message, its start kept. */
export function serviceMessage(message: unknown): string {
  return echo(message, MAX_SERVICE_MESSAGE_CHARS);
}

/** A whole failure message cut to {@link MAX_FAILURE_MESSAGE_BYTES}; short messages pass unchanged. */
export function boundMessage(message: string): string {
  const text = echo(message, Number.MAX_SAFE_INTEGER);
  if (encodedBytes(text) <= MAX_FAILURE_MESSAGE_BYTES) {
    return text;
  }
  const suffix = " … (message shortened; the full text is in the function's log)";
  const chars = Array.from(text);
  // Binary search for the longest prefix that fits with the suffix.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (encodedBytes(chars.slice(0, mid).join('') + suffix) <= MAX_FAILURE_MESSAGE_BYTES) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('') + suffix;
}

/** Bytes a string takes inside the JSON response body. */
export function encodedBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

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

/**
 * What a failure is about: an association (a package on a domain), or a package by its name and id
 * (`synonyms (F123456789)`) or its id alone.
 */
export type Subject = { readonly domainName: string; readonly packageId: string } | string;

/**
 * What an error from the package API means for us, by the modeled exception's `name` alone:
 * - `refused`: ConflictException or ValidationException. The service uses both for "busy", "already
 *   so", "not associated" and "in use", and documents no wording, so the caller decides from the
 *   domain's state (see lambda/association/association-requests.ts), never from the message.
 * - `not-found`: the domain or the package does not exist.
 * - `fatal`: anything else (access denied, throttling or 5xx left after the SDK's retries, ...).
 */
export type ErrorKind = 'refused' | 'not-found' | 'fatal';

/** Classifies by the SDK error's `name` (the modeled exception); the message is never read. */
export function classifyError(error: unknown): ErrorKind {
  switch (nameAndMessage(error).name) {
    case 'ConflictException':
    case 'ValidationException':
      return 'refused';
    case 'ResourceNotFoundException':
      return 'not-found';
    default:
      return 'fatal';
  }
}

/**
 * An error for CloudFormation naming the operation, the subject and what the service said (its start).
 * The SDK error stays its `cause`, so the transient classifier still sees it.
 */
export function operationFailed(operation: string, subject: Subject, error: unknown): Error {
  const { name, message } = nameAndMessage(error);
  // Spelled out per subject, so the README's troubleshooting table can quote each message.
  return new Error(typeof subject === 'string'
    ? `${operation} failed for package ${echo(subject, 2 * MAX_ECHOED_CHARS)}: ${echo(name)}: ${serviceMessage(message)}`
    : `${operation} failed for package ${echo(subject.packageId)} on domain ${echo(subject.domainName)}: ${echo(name)}: ${serviceMessage(message)}`,
  { cause: error });
}

/** Runs one call to the service; its failure becomes {@link operationFailed}. */
export async function callOrFail<T>(operation: string, subject: Subject, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw operationFailed(operation, subject, error);
  }
}

function nameAndMessage(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message };
  }
  return { name: 'UnknownError', message: textOf(error) };
}

/**
 * An error for CloudFormation when the service reports a failed association or dissociation, or a
 * failed copy, validation or deletion of a package.
 */
export function statusFailed(subject: Subject, status: string, details?: { ErrorType?: string; ErrorMessage?: string }): Error {
  const errorType = echo(details?.ErrorType ?? 'UnknownError');
  const errorMessage = serviceMessage(details?.ErrorMessage ?? 'the service gave no details');
  return new Error(typeof subject === 'string'
    ? `Package ${echo(subject, 2 * MAX_ECHOED_CHARS)} is ${echo(status)}: ${errorType}: ${errorMessage}`
    : `Package ${echo(subject.packageId)} on domain ${echo(subject.domainName)} is ${echo(status)}: ${errorType}: ${errorMessage}`);
}

/**
 * How many HTTP attempts the SDK made for the call that failed (1 when it does not say): above 1, an
 * earlier attempt may have acted before its reply was lost.
 */
export function sdkAttempts(error: unknown): number {
  const attempts = (error as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/** Whether an SDK error is the modeled exception `name`, e.g. ResourceAlreadyExistsException. */
export function isErrorNamed(error: unknown, name: string): boolean {
  return nameAndMessage(error).name === name;
}

/**
 * An error for CloudFormation when the service keeps refusing a change, through the grace, although
 * nothing else is in flight on the domain: say what the service said, how long it was asked, and the
 * likely fix.
 */
export function refusalPersisted(operation: string, target: Exclude<Subject, string>, error: unknown, likelyCause: string,
  grace: { readonly attempts: number; readonly seconds: number }): Error {
  const { name, message } = nameAndMessage(error);
  return new Error(`${operation} was refused for package ${target.packageId} on domain ${target.domainName} `
    + `while the domain is idle, so retrying can't help: ${name}: ${message.replace(/\.+$/, '')}. Likely cause: ${likelyCause} `
    + `(refused ${grace.attempts} times over ${grace.seconds} seconds)`);
}
