/**
 * The service errors the emulator can answer with, and their HTTP statuses.
 *
 * Statuses follow the OpenSearch Service API reference ("Errors" section of each operation, e.g.
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AssociatePackage.html) and
 * the `httpError` traits in @aws-sdk/client-opensearch's schemas. Note the oddity the reference
 * documents and the SDK models: ResourceNotFoundException is 409, not 404.
 */
export const ERROR_STATUS = {
  ValidationException: 400,
  BaseException: 400,
  // Not in the package API's model; the service's front end answers malformed JSON with it.
  SerializationException: 400,
  AccessDeniedException: 403,
  // Sent for unsigned requests; not modelled by the SDK, which surfaces it by name anyway.
  MissingAuthenticationTokenException: 403,
  UnknownOperationException: 404,
  ResourceNotFoundException: 409,
  ConflictException: 409,
  LimitExceededException: 409,
  // CreatePackage's model lists this (not ConflictException) for a duplicate package name.
  ResourceAlreadyExistsException: 409,
  // UpdatePackageScope and the batch operations list it (409 in the model).
  DisabledOperationException: 409,
  ThrottlingException: 429,
  InternalException: 500,
} as const;

/** Every error code the emulator can send in `x-amzn-ErrorType`. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Message a busy domain answers with (a ValidationException) while a configuration change
 * is being applied; observed from the real service.
 */
export const CHANGE_IN_PROGRESS_MESSAGE = 'A change/update is in progress. Please wait for it to complete before requesting another change.';

/** A service error: thrown anywhere below the router, encoded once by the server. */
export class ServiceError extends Error {
  /** HTTP status sent with this error. */
  public readonly status: number;

  constructor(public readonly code: ErrorCode, message: string) {
    super(message);
    this.name = code;
    this.status = ERROR_STATUS[code];
  }
}

/** Shorthand for the most common error. */
export function validationError(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}
