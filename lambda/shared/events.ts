/**
 * The requests and responses of an `aws-cdk-lib/custom-resources` Provider's user handlers
 * (OnEventRequest/IsCompleteRequest there). The CloudFormation event's fields come from
 * `@types/aws-lambda`; what the handlers add is one flat shape for all three request types (the
 * framework hands isComplete the same event), and property values they check before trusting.
 */
import type { CloudFormationCustomResourceEventCommon } from 'aws-lambda';

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
