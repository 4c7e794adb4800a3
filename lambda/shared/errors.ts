import { echo, MAX_ECHOED_CHARS, serviceMessage } from './bounded-text';
import type { DomainPackage } from './physical-id';

/**
 * What an error from the package API means for us:
 * - `already-in-desired-state`: the service already has what we asked for (adopt it).
 * - `busy`: the domain or package is in the middle of another change; ask again later.
 * - `not-associated`: the package is not associated with the domain (nothing to dissociate).
 * - `not-found`: the domain or the package does not exist.
 * - `fatal`: anything else (access denied, throttling or 5xx left after the SDK's retries, ...).
 */
export type ErrorKind = 'already-in-desired-state' | 'busy' | 'not-associated' | 'not-found' | 'fatal';

/**
 * Classifies by the SDK error's `name` (the modeled exception), and by its message only where the
 * service uses one exception for several situations.
 */
export function classifyError(error: unknown): ErrorKind {
  const { name, message } = nameAndMessage(error);
  switch (name) {
    case 'ConflictException':
      return /desired state/i.test(message) ? 'already-in-desired-state' : 'busy';
    case 'ValidationException':
      // A domain busy with another change answers "A change/update is in progress. Please wait ...".
      if (/in progress/i.test(message)) {
        return 'busy';
      }
      return /not associated/i.test(message) ? 'not-associated' : 'fatal';
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
