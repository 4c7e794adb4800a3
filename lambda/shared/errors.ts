import { echo, MAX_ECHOED_CHARS, serviceMessage } from './bounded-text';
import type { DomainPackage } from '../association/physical-id';

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

/**
 * An error for CloudFormation naming the operation, the pair and what the service said (its start).
 * The SDK error stays its `cause`, so the transient classifier still sees it.
 */
export function operationFailed(operation: string, target: DomainPackage, error: unknown): Error {
  const { name, message } = nameAndMessage(error);
  const [packageId, domainName, errorName] = [echo(target.packageId), echo(target.domainName), echo(name)];
  return new Error(`${operation} failed for package ${packageId} on domain ${domainName}: ${errorName}: ${serviceMessage(message)}`, { cause: error });
}

function nameAndMessage(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message };
  }
  return { name: 'UnknownError', message: String(error) };
}

/** An error for CloudFormation when the service reports a failed association or dissociation. */
export function associationStatusFailed(target: DomainPackage, status: string, details?: { ErrorType?: string; ErrorMessage?: string }): Error {
  const errorType = echo(details?.ErrorType ?? 'UnknownError');
  const errorMessage = serviceMessage(details?.ErrorMessage ?? 'the service gave no details');
  return new Error(`Package ${echo(target.packageId)} on domain ${echo(target.domainName)} is ${echo(status)}: ${errorType}: ${errorMessage}`);
}

/** Whether an SDK error is the modeled exception `name`, e.g. ResourceAlreadyExistsException. */
export function isErrorNamed(error: unknown, name: string): boolean {
  return nameAndMessage(error).name === name;
}

/** An error for CloudFormation naming the operation, the package (name or id) and what the service said. */
export function packageOperationFailed(operation: string, packageRef: string, error: unknown): Error {
  const { name, message } = nameAndMessage(error);
  return new Error(`${operation} failed for package ${echo(packageRef, 2 * MAX_ECHOED_CHARS)}: ${echo(name)}: ${serviceMessage(message)}`,
    { cause: error });
}

/** An error for CloudFormation when the service reports a failed copy, validation or deletion of a package. */
export function packageStatusFailed(packageRef: string, status: string, details?: { ErrorType?: string; ErrorMessage?: string }): Error {
  const errorType = echo(details?.ErrorType ?? 'UnknownError');
  const errorMessage = serviceMessage(details?.ErrorMessage ?? 'the service gave no details');
  return new Error(`Package ${echo(packageRef, 2 * MAX_ECHOED_CHARS)} is ${echo(status)}: ${errorType}: ${errorMessage}`);
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
