import { echo, MAX_ECHOED_CHARS, serviceMessage, textOf } from './bounded-text';

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
