import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { CopyObjectCommand, DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/events';

/** Physical id the CDK Provider framework reports for a resource whose create failed in onEvent. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** A presigned-looking ResponseURL: the handlers must never log it. */
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response.s3.amazonaws.com/secret-presigned-url';

/**
 * Mocks every OpenSearchClient and captures the handlers' log lines, both reset for each test.
 * Call it once at the top of a test file.
 */
export function mockOpenSearchAndLogs() {
  const opensearch = mockClient(OpenSearchClient);
  let logSpy: jest.SpyInstance;
  beforeEach(() => {
    opensearch.reset();
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => logSpy.mockRestore());

  const logs = {
    /** Each log line as written. */
    raw: (): string[] => logSpy.mock.calls.map((args) => args[0] as string),
    /** Each log line parsed from JSON. */
    lines: (): Array<Record<string, unknown>> => logs.raw().map((line) => JSON.parse(line)),
  };
  return { opensearch, logs };
}

/** A custom resource's `ResourceProperties` as CloudFormation sends them. */
export type Properties = Record<string, unknown>;

/** The `ServiceToken` CloudFormation puts into every resource's properties. */
export const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:111111111111:function:provider';

/** The event the provider framework passes onEvent for one resource. */
export function customResourceEvent(
  resourceType: string, logicalId: string, requestType: OnEventRequest['RequestType'], resourceProperties: Properties,
): OnEventRequest {
  return {
    RequestType: requestType,
    ResourceProperties: resourceProperties,
    LogicalResourceId: logicalId,
    RequestId: 'request-1',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/demo/guid',
    ResourceType: resourceType,
    ResponseURL: RESPONSE_URL,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:framework-onEvent',
  };
}

/** What a handler test file knows of its resource: its type, logical id, physical id and default properties. */
export interface TestResource {
  readonly resourceType: string;
  readonly logicalId: string;
  readonly physicalId: string;
  readonly properties: () => Properties;
}

/** The events of one resource's lifecycle, with the resource's defaults. */
export function eventBuilders(resource: TestResource) {
  const baseEvent = (requestType: OnEventRequest['RequestType'], resourceProperties: Properties, resourceType = resource.resourceType) =>
    customResourceEvent(resourceType, resource.logicalId, requestType, resourceProperties);
  return {
    baseEvent,
    createEvent: (props: Properties = resource.properties()): OnEventRequest => baseEvent('Create', props),
    updateEvent: (props: Properties, oldProps: Properties = resource.properties(), physicalId = resource.physicalId): OnEventRequest =>
      ({ ...baseEvent('Update', props), OldResourceProperties: oldProps, PhysicalResourceId: physicalId }),
    deleteEvent: (physicalId = resource.physicalId, props: Properties = resource.properties()): OnEventRequest =>
      ({ ...baseEvent('Delete', props), PhysicalResourceId: physicalId }),
    /** isComplete gets the onEvent event plus what onEvent returned (the physical id, and Data if any). */
    completeRequest: (event: OnEventRequest, physicalId = resource.physicalId, data?: Record<string, string>): IsCompleteRequest =>
      ({ ...event, PhysicalResourceId: physicalId, ...(data ? { Data: data } : {}) }),
  };
}

/** The stack's staging bucket as a package's properties name it. */
export const STAGING_BUCKET = 'stack-opensearchpackagestagingbucket-1a2b3c4d5e6f';

/**
 * Mocks every S3Client (the package handler's staging), answering CopyObject and DeleteObject with
 * success unless a test says otherwise; reset for each test. Call it once at the top of a test file.
 */
export function mockS3() {
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    s3.reset();
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"etag"' }, ServerSideEncryption: 'AES256' });
    s3.on(DeleteObjectCommand).resolves({});
  });
  return s3;
}
