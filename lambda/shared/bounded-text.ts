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
