/**
 * Scenario-driven fault injection. Faults are queued by the test and consumed in the order they
 * were added: the first queued fault that matches a request (operation, and domain/package when
 * the fault names one) fires and loses one of its `times`.
 *
 * Two families:
 * - request faults: the request is answered with an error and changes nothing;
 * - outcome faults: the request succeeds, but the asynchronous work it starts ends badly
 *   (ASSOCIATION_FAILED, DISSOCIATION_FAILED, VALIDATION_FAILED / COPY_FAILED).
 */
import { FaultTarget, ReplyFault, ReplyFaults } from './reply-faults';
import { S3Faults } from './s3-faults';
import { CHANGE_IN_PROGRESS_MESSAGE, ErrorCode, ServiceError } from '../api/errors';
import type { ErrorDetails, OperationName } from '../api/model';

export type { FaultTarget } from './reply-faults';

/** A request answered with a service error instead of being processed. */
export interface RequestFault extends FaultTarget {
  /** The operation to fail. */
  readonly operation: OperationName;
  /** Error code sent in `x-amzn-ErrorType`; the HTTP status follows from it. */
  readonly error: ErrorCode;
  /** Message in the error body (a generic one when omitted). */
  readonly message?: string;
}

/** An association or dissociation that is accepted but ends in a failed status. */
export interface OutcomeFault extends FaultTarget {
  /** `ErrorDetails.ErrorType` of the failed association. */
  readonly errorType?: string;
  /** `ErrorDetails.ErrorMessage` of the failed association. */
  readonly errorMessage: string;
}

/** A package creation or update that is accepted but fails processing. */
export interface PackageProcessingFault {
  /** Only this package (for UpdatePackage). */
  readonly packageId?: string;
  /** Only the package with this name (for CreatePackage, whose id is not known in advance). */
  readonly packageName?: string;
  /** Which stage fails: COPY (ends COPY_FAILED) or VALIDATION (ends VALIDATION_FAILED, the default). */
  readonly stage?: 'COPY' | 'VALIDATION';
  readonly errorType?: string;
  readonly errorMessage: string;
  readonly times?: number;
}

/** What a package-processing fault decided for one creation/update. */
export interface PackageFailure {
  readonly stage: 'COPY' | 'VALIDATION';
  readonly details: ErrorDetails;
}

/** A queued fault and how many times it still fires, for inspection by tests. */
export interface PendingFault {
  readonly kind: 'request' | 'association' | 'dissociation' | 'package' | 'deletion' | 'reply';
  readonly description: string;
  readonly remaining: number;
}

interface Entry<S> {
  readonly spec: S;
  remaining: number;
}

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  ConflictException: 'The request conflicts with the current state of the resource.',
  ThrottlingException: 'Rate exceeded',
  InternalException: 'Internal error. Please try again.',
  AccessDeniedException: 'User is not authorized to perform this action.',
  LimitExceededException: 'Limit exceeded.',
};

/** Fault queue of one emulator. */
export class FaultInjector {
  private readonly requests: Entry<RequestFault>[] = [];
  private readonly associations: Entry<OutcomeFault>[] = [];
  private readonly dissociations: Entry<OutcomeFault>[] = [];
  private readonly packages: Entry<PackageProcessingFault>[] = [];
  private readonly deletions: Entry<OutcomeFault>[] = [];
  /** Faults in the reply of a processed request (see reply-faults.ts). */
  public readonly replies = new ReplyFaults();
  /** Faults of the emulated S3's staging calls (see s3-faults.ts). */
  public readonly s3 = new S3Faults();

  /** Queues a request fault, e.g. `{ operation: 'AssociatePackage', error: 'ConflictException', times: 2 }`. */
  public add(fault: RequestFault): this {
    enqueue(this.requests, fault);
    return this;
  }

  /** Queues the busy-domain ValidationException ("A change/update is in progress...") for an operation. */
  public changeInProgress(operation: OperationName, target: FaultTarget = {}): this {
    return this.add({ ...target, operation, error: 'ValidationException', message: CHANGE_IN_PROGRESS_MESSAGE });
  }

  /** The next matching AssociatePackage is accepted but the association ends ASSOCIATION_FAILED. */
  public failAssociation(fault: OutcomeFault): this {
    enqueue(this.associations, fault);
    return this;
  }

  /** The next matching DissociatePackage is accepted but ends DISSOCIATION_FAILED. */
  public failDissociation(fault: OutcomeFault): this {
    enqueue(this.dissociations, fault);
    return this;
  }

  /** The next matching CreatePackage/UpdatePackage ends VALIDATION_FAILED (or COPY_FAILED). */
  public failPackageProcessing(fault: PackageProcessingFault): this {
    enqueue(this.packages, fault);
    return this;
  }

  /** The next matching DeletePackage is accepted, shows DELETING, then ends DELETE_FAILED. */
  public failDeletion(fault: OutcomeFault): this {
    enqueue(this.deletions, fault);
    return this;
  }

  /** The request is processed, but answered with a 200 whose body is `{}`. */
  public emptyReply(fault: Omit<ReplyFault, 'kind'>): this {
    this.replies.add({ ...fault, kind: 'empty' });
    return this;
  }

  /** The request is processed (e.g. the package is created), but answered with a 500, as when the reply is lost. */
  public loseReply(fault: Omit<ReplyFault, 'kind'>): this {
    this.replies.add({ ...fault, kind: 'lost' });
    return this;
  }

  /**
   * Any reply fault by kind (see reply-faults.ts): `html` and `truncated` 200s and a `hang` after the
   * request was processed, or a request `dropped` before the service acted.
   */
  public reply(fault: ReplyFault): this {
    this.replies.add(fault);
    return this;
  }

  /** Drops every queued fault. */
  public clear(): void {
    this.requests.length = 0;
    this.associations.length = 0;
    this.dissociations.length = 0;
    this.packages.length = 0;
    this.deletions.length = 0;
    this.replies.clear();
    this.s3.clear();
  }

  /** Faults that have not fired (or not fired all their times) yet. */
  public pending(): PendingFault[] {
    return [
      ...this.requests.map(e => ({ kind: 'request' as const, description: `${e.spec.operation} -> ${e.spec.error}${describeTarget(e.spec)}`, remaining: e.remaining })),
      ...this.associations.map(e => ({ kind: 'association' as const, description: `ASSOCIATION_FAILED${describeTarget(e.spec)}`, remaining: e.remaining })),
      ...this.dissociations.map(e => ({ kind: 'dissociation' as const, description: `DISSOCIATION_FAILED${describeTarget(e.spec)}`, remaining: e.remaining })),
      ...this.packages.map(e => ({ kind: 'package' as const, description: `${e.spec.stage ?? 'VALIDATION'}_FAILED${describeTarget(e.spec)}`, remaining: e.remaining })),
      ...this.deletions.map(e => ({ kind: 'deletion' as const, description: `DELETE_FAILED${describeTarget(e.spec)}`, remaining: e.remaining })),
      ...this.replies.pending().map(e => ({ kind: 'reply' as const, ...e })),
      ...this.s3.pending().map(e => ({ kind: 'reply' as const, ...e })),
    ];
  }

  /** Used by the server: the error to answer this request with, if a request fault matches. */
  public takeRequestFault(operation: OperationName, domainName?: string, packageId?: string): ServiceError | undefined {
    const spec = take(this.requests, s => s.operation === operation && matches(s, domainName, packageId));
    if (!spec) {
      return undefined;
    }
    return new ServiceError(spec.error, spec.message ?? DEFAULT_MESSAGES[spec.error] ?? `Injected ${spec.error}`);
  }

  /** Used by the state: ErrorDetails for an association that must fail, if one is queued. */
  public takeAssociationFailure(domainName: string, packageId: string): ErrorDetails | undefined {
    const spec = take(this.associations, s => matches(s, domainName, packageId));
    return spec && { ErrorType: spec.errorType ?? 'AssociationFailure', ErrorMessage: spec.errorMessage };
  }

  /** Used by the state: ErrorDetails for a dissociation that must fail, if one is queued. */
  public takeDissociationFailure(domainName: string, packageId: string): ErrorDetails | undefined {
    const spec = take(this.dissociations, s => matches(s, domainName, packageId));
    return spec && { ErrorType: spec.errorType ?? 'DissociationFailure', ErrorMessage: spec.errorMessage };
  }

  /** Used by the state: ErrorDetails for a package deletion that must fail, if one is queued. */
  public takeDeletionFailure(packageId: string): ErrorDetails | undefined {
    const spec = take(this.deletions, s => matches(s, undefined, packageId));
    return spec && { ErrorType: spec.errorType ?? 'DeletionFailure', ErrorMessage: spec.errorMessage };
  }

  /** Used by the state: how a package creation/update must fail, if one is queued. */
  public takePackageFailure(packageId: string | undefined, packageName: string): PackageFailure | undefined {
    const spec = take(this.packages, s =>
      (s.packageId === undefined || s.packageId === packageId) && (s.packageName === undefined || s.packageName === packageName));
    if (!spec) {
      return undefined;
    }
    const stage = spec.stage ?? 'VALIDATION';
    return { stage, details: { ErrorType: spec.errorType ?? (stage === 'COPY' ? 'CopyFailure' : 'ValidationFailure'), ErrorMessage: spec.errorMessage } };
  }
}

/** Queues a fault; `times` below 1 queues nothing. */
function enqueue<S extends { readonly times?: number }>(queue: Entry<S>[], spec: S): void {
  const remaining = spec.times ?? 1;
  if (remaining >= 1) {
    queue.push({ spec, remaining });
  }
}

function matches(target: FaultTarget, domainName?: string, packageId?: string): boolean {
  return (target.domainName === undefined || target.domainName === domainName)
    && (target.packageId === undefined || target.packageId === packageId);
}

/** Finds the first matching entry with shots left, consumes one shot, and drops it when spent. */
function take<S>(queue: Entry<S>[], predicate: (spec: S) => boolean): S | undefined {
  const index = queue.findIndex(e => e.remaining > 0 && predicate(e.spec));
  if (index < 0) {
    return undefined;
  }
  const entry = queue[index];
  entry.remaining -= 1;
  if (entry.remaining <= 0) {
    queue.splice(index, 1);
  }
  return entry.spec;
}

function describeTarget(t: { domainName?: string; packageId?: string; packageName?: string }): string {
  const parts = [t.domainName && `domain=${t.domainName}`, t.packageId && `package=${t.packageId}`, t.packageName && `name=${t.packageName}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
