/**
 * The requests and responses of an `aws-cdk-lib/custom-resources` Provider's user handlers
 * (OnEventRequest/IsCompleteRequest there), kept local so the handlers need no extra type packages.
 */

/** The CloudFormation custom resource event the framework passes to onEvent. */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** Includes `ServiceToken` besides the resource's own properties. */
  readonly ResourceProperties: Record<string, unknown>;
  /** Only on Update. */
  readonly OldResourceProperties?: Record<string, unknown>;
  /** Only on Update and Delete. */
  readonly PhysicalResourceId?: string;
  readonly LogicalResourceId: string;
  readonly RequestId: string;
  readonly StackId: string;
  readonly ResourceType: string;
  /** A presigned URL: never log it. */
  readonly ResponseURL: string;
  readonly ServiceToken: string;
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
