import type { DomainPackage } from './physical-id';

/**
 * What an error from the package API means for us, by the modeled exception's `name` alone:
 * - `refused`: ConflictException or ValidationException. The service uses both for "busy", "already
 *   so", "not associated" and "in use", and documents no wording, so the caller decides from the
 *   domain's state (see lambda/association/refusals.ts), never from the message.
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

/** An error for CloudFormation naming the operation, the pair and what the service said. */
export function operationFailed(operation: string, target: DomainPackage, error: unknown): Error {
  const { name, message } = nameAndMessage(error);
  return new Error(`${operation} failed for package ${target.packageId} on domain ${target.domainName}: ${name}: ${message}`);
}

function nameAndMessage(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message };
  }
  return { name: 'UnknownError', message: String(error) };
}

/** An error for CloudFormation when the service reports a failed association or dissociation. */
export function associationStatusFailed(target: DomainPackage, status: string, details?: { ErrorType?: string; ErrorMessage?: string }): Error {
  const errorType = details?.ErrorType ?? 'UnknownError';
  const errorMessage = details?.ErrorMessage ?? 'the service gave no details';
  return new Error(`Package ${target.packageId} on domain ${target.domainName} is ${status}: ${errorType}: ${errorMessage}`);
}

/** Whether an SDK error is the modeled exception `name`, e.g. ResourceAlreadyExistsException. */
export function isErrorNamed(error: unknown, name: string): boolean {
  return nameAndMessage(error).name === name;
}

/** An error for CloudFormation naming the operation, the package (name or id) and what the service said. */
export function packageOperationFailed(operation: string, packageRef: string, error: unknown): Error {
  const { name, message } = nameAndMessage(error);
  return new Error(`${operation} failed for package ${packageRef}: ${name}: ${message}`);
}

/** An error for CloudFormation when the service reports a failed copy, validation or deletion of a package. */
export function packageStatusFailed(packageRef: string, status: string, details?: { ErrorType?: string; ErrorMessage?: string }): Error {
  const errorType = details?.ErrorType ?? 'UnknownError';
  const errorMessage = details?.ErrorMessage ?? 'the service gave no details';
  return new Error(`Package ${packageRef} is ${status}: ${errorType}: ${errorMessage}`);
}

/**
 * An error for CloudFormation when the service keeps refusing a change although nothing else is in
 * flight on the domain: retrying can't cure it, so say what the service said and the likely fix.
 */
export function refusalPersisted(operation: string, target: DomainPackage, error: unknown, likelyCause: string): Error {
  const { name, message } = nameAndMessage(error);
  return new Error(`${operation} was refused for package ${target.packageId} on domain ${target.domainName} `
    + `while the domain is idle, so retrying can't help: ${name}: ${message.replace(/\.+$/, '')}. Likely cause: ${likelyCause}`);
}
