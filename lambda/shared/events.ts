import type { CloudFormationCustomResourceEventCommon } from 'aws-lambda';
import { echo } from './errors';
import { DOMAIN_NAME_RULE, isDomainName, isPackageId, PACKAGE_ID_RULE, PROPERTY_MAX_LENGTHS, PROPERTY_MIN_LENGTHS } from '../../src/handler-contract/rules';

/**
 * The requests and responses of an `aws-cdk-lib/custom-resources` Provider's user handlers
 * (OnEventRequest/IsCompleteRequest there). The CloudFormation event's fields come from
 * `@types/aws-lambda`; what the handlers add is one flat shape for all three request types (the
 * framework hands isComplete the same event), and property values they check before trusting.
 */

/**
 * The CloudFormation custom resource event the framework passes to onEvent. Its `ResponseURL` is a
 * presigned URL: never log it.
 */
export interface OnEventRequest extends Readonly<Omit<CloudFormationCustomResourceEventCommon, 'ResourceProperties'>> {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** Includes `ServiceToken` besides the resource's own properties. */
  readonly ResourceProperties: Record<string, unknown>;
  /** Only on Update. */
  readonly OldResourceProperties?: Record<string, unknown>;
  /** Only on Update and Delete. */
  readonly PhysicalResourceId?: string;
}

export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** The same event, plus the physical id onEvent returned. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  /** The Data onEvent returned (the framework merges onEvent's response into this request). */
  readonly Data?: Record<string, string>;
}

export interface IsCompleteResponse<TData> {
  readonly IsComplete: boolean;
  /** Merged with onEvent's Data once complete; the resource's `Fn::GetAtt` attributes. */
  readonly Data?: TData;
}

/**
 * Readers of custom resource `ResourceProperties`. CloudFormation passes every value as a string, and
 * may render an unset optional value as an empty string, so '' counts as absent. A failure names the
 * field, which CloudFormation shows as the failure reason.
 */

export type RawProperties = Record<string, unknown> | undefined;

export function optionalString(raw: RawProperties, field: string): string | undefined {
  const value = raw?.[field];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid ${echo(field)}: expected a string, got ${typeof value}`);
  }
  const max = PROPERTY_MAX_LENGTHS[field];
  if (max !== undefined && value.length > max) {
    throw new Error(`Invalid ${field}: at most ${max} characters allowed, got ${value.length} ("${echo(value, 32)}")`);
  }
  const min = PROPERTY_MIN_LENGTHS[field];
  if (min !== undefined && value.length < min) {
    throw new Error(`Invalid ${field}: at least ${min} characters required, got ${value.length} ("${echo(value, 32)}")`);
  }
  return value;
}

export function requiredString(raw: RawProperties, field: string): string {
  const value = optionalString(raw, field);
  if (value === undefined) {
    throw new Error(`Missing required property ${echo(field)}`);
  }
  return value;
}

/** A required domain name, refused with the service's rule when it breaks it. */
export function requiredDomainName(raw: RawProperties, field = 'DomainName'): string {
  const value = requiredString(raw, field);
  if (!isDomainName(value)) throw new Error(`Invalid ${field} "${echo(value)}": expected ${DOMAIN_NAME_RULE}`);
  return value;
}

/** A required package id, refused with the service's rule when it breaks it. */
export function requiredPackageId(raw: RawProperties, field: string): string {
  const value = requiredString(raw, field);
  if (!isPackageId(value)) throw new Error(`Invalid ${field} "${echo(value)}": expected ${PACKAGE_ID_RULE}`);
  return value;
}
