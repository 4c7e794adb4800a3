import * as path from 'path';
import { AccessDeniedException, CreatePackageCommand, ListPackagesForDomainCommand, ThrottlingException } from '@aws-sdk/client-opensearch';
import { mockOpenSearchAndLogs, mockS3 } from '../lambda/handler-test-support';

/**
 * aws-cdk-lib's real provider-framework code (framework.js, cfn-response.js) around the bundled
 * handlers from assets/, as CloudFormation's custom resource provider runs them. Only its `outbound`
 * module is replaced: the Lambda invoke runs the bundle here, in the shape the Node.js runtime gives
 * a failed invocation, and the HTTPS PUT to the ResponseURL is captured instead of sent. Each failure
 * response must stay under CloudFormation's 4,096-byte limit
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html), with room to spare.
 */

const CFN_RESPONSE_LIMIT_BYTES = 4096;
/** What we keep free for fields we cannot foresee (a longer stack id, a longer trace). */
const ROOM_TO_SPARE_BYTES = 1024;

const RUNTIME_DIR = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources', 'lib', 'provider-framework', 'runtime');
const ASSETS = path.join(__dirname, '..', '..', 'assets', 'lambda');

// Longest names CloudFormation and Lambda allow: a logical id of 255 characters, a function name of 64.
const LOGICAL_ID = 'L'.repeat(255);
const FUNCTION_ARN = (role: string) => `arn:aws:lambda:us-east-1:123456789012:function:${role.padEnd(64, 'x').slice(0, 64)}`;
const LONG = 'q'.repeat(10_000);

const { opensearch } = mockOpenSearchAndLogs();
// The package handler stages the file first: that copy succeeds, so CreatePackage is what fails.
mockS3();

interface Captured { body: string }
const responses: Captured[] = [];
let framework: { onEvent: (event: unknown) => Promise<void>; isComplete: (event: unknown) => Promise<void> };

/** Runs a handler of a bundle the way Lambda would answer the framework's Invoke call. */
async function invokeBundle(bundle: string, handler: 'onEvent' | 'isComplete', payload: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(ASSETS, bundle, 'index.js'));
  try {
    const result = await module[handler](JSON.parse(payload));
    return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(result ?? null)) };
  } catch (error) {
    const e = error as Error;
    // The Node.js runtime's error payload: type, message, and the stack split into lines.
    const payloadOut = { errorType: e.name, errorMessage: e.message, trace: String(e.stack).split('\n') };
    return { StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify(payloadOut)) };
  }
}

let bundleOfFunction: Record<string, string> = {};

let savedStackTraceLimit: number;

beforeAll(() => {
  // Jest deepens stack traces; Lambda's Node.js runtime keeps V8's default of 10 frames.
  savedStackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 10;
  jest.doMock(path.join(RUNTIME_DIR, 'outbound.js'), () => ({
    invokeFunction: async (req: { FunctionName: string; Payload: string }) => {
      const [bundle, handler] = bundleOfFunction[req.FunctionName].split('#');
      return invokeBundle(bundle, handler as 'onEvent' | 'isComplete', req.Payload);
    },
    startExecution: async () => ({}),
    httpRequest: async (_options: unknown, body: string) => { responses.push({ body }); },
  }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  framework = require(path.join(RUNTIME_DIR, 'framework.js'));
});

afterAll(() => { Error.stackTraceLimit = savedStackTraceLimit; });

beforeEach(() => {
  responses.length = 0;
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** The one bundle (lambda/index.ts) dispatches on ResourceType; `role` only names the functions. */
function useBundle(role: 'association' | 'package'): void {
  const bundle = 'index';
  process.env.USER_ON_EVENT_FUNCTION_ARN = FUNCTION_ARN(`${role}-onEvent`);
  process.env.USER_IS_COMPLETE_FUNCTION_ARN = FUNCTION_ARN(`${role}-isComplete`);
  process.env.WAITER_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:waiter';
  bundleOfFunction = {
    [process.env.USER_ON_EVENT_FUNCTION_ARN]: `${bundle}#onEvent`,
    [process.env.USER_IS_COMPLETE_FUNCTION_ARN]: `${bundle}#isComplete`,
  };
}

function event(requestType: string, resourceType: string, properties: Record<string, unknown>, physicalId?: string) {
  return {
    RequestType: requestType,
    ServiceToken: FUNCTION_ARN('framework-onEvent'),
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation?X-Amz-Signature=abc',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/a-stack-name-of-considerable-length-for-the-test/0d4e1e70-5a5b-11ef-a1b2-0a1b2c3d4e5f',
    RequestId: '3f0e3c1a-9d1e-4a3b-8f4e-1c2d3e4f5a6b',
    LogicalResourceId: LOGICAL_ID,
    ResourceType: resourceType,
    ResourceProperties: { ServiceToken: 'token', ...properties },
    ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
  };
}

/** The one response the framework PUT to the ResponseURL, parsed, with its size. */
function sentResponse(): { bytes: number; json: { Status: string; Reason: string } } {
  expect(responses).toHaveLength(1);
  return { bytes: Buffer.byteLength(responses[0].body, 'utf8'), json: JSON.parse(responses[0].body) };
}

test('onEvent refusing a 10,000-character property value: a FAILED response well under the limit', async () => {
  useBundle('association');

  await framework.onEvent(event('Create', 'Custom::OpenSearchPackageAssociation', { DomainName: LONG, PackageId: 'F1' }));

  const { bytes, json } = sentResponse();
  expect(json.Status).toBe('FAILED');
  expect(json.Reason).toMatch(/^Invalid DomainName "q{128}… \(9872 more characters\)": expected 3-28 characters/);
  expect(bytes).toBeLessThan(CFN_RESPONSE_LIMIT_BYTES - ROOM_TO_SPARE_BYTES);
});

test('isComplete meeting ASSOCIATION_FAILED with a 10,000-character ErrorMessage: the reason keeps its start and fits', async () => {
  useBundle('association');
  opensearch.on(ListPackagesForDomainCommand).resolves({
    DomainPackageDetailsList: [{
      DomainName: 'products',
      PackageID: 'F1',
      DomainPackageStatus: 'ASSOCIATION_FAILED',
      ErrorDetails: { ErrorType: 'ValidationFailure', ErrorMessage: `Dictionary rejected: line 3 is malformed. ${LONG}` },
    }],
  });

  await framework.isComplete({
    ...event('Create', 'Custom::OpenSearchPackageAssociation', { DomainName: 'products', PackageId: 'F1' }),
    PhysicalResourceId: 'opensearch-package-association:products:F1',
  });

  const { bytes, json } = sentResponse();
  expect(json.Status).toBe('FAILED');
  expect(json.Reason).toContain('is ASSOCIATION_FAILED: ValidationFailure: Dictionary rejected: line 3 is malformed.');
  expect(json.Reason).toContain('Logs: /aws/lambda/');
  expect(bytes).toBeLessThan(CFN_RESPONSE_LIMIT_BYTES - ROOM_TO_SPARE_BYTES);
});

test('a package create failing with a 10,000-character service message and name: fits', async () => {
  useBundle('package');
  opensearch.on(CreatePackageCommand).rejects(new AccessDeniedException({ message: `${LONG}`, $metadata: {} }));

  await framework.onEvent(event('Create', 'Custom::OpenSearchPackage', {
    PackageName: `a${'b'.repeat(255)}`,
    PackageType: 'TXT-DICTIONARY',
    S3BucketName: 'bucket',
    S3Key: 'k'.repeat(1024),
    StagingBucketName: 'staging-bucket',
    StagingPrefix: `a${'b'.repeat(255)}/`,
  }));

  const { bytes, json } = sentResponse();
  expect(json.Reason).toMatch(/^CreatePackage failed for package ab{255}: AccessDeniedException: q+… \(\d+ more characters\)/);
  expect(bytes).toBeLessThan(CFN_RESPONSE_LIMIT_BYTES - ROOM_TO_SPARE_BYTES);
});

test('a Delete refused for a 10,000-character physical id in our format: fits, and nothing was called', async () => {
  useBundle('association');
  const physicalId = `opensearch-package-association:products:F${'1'.repeat(10_000)}`;

  await framework.onEvent(event('Delete', 'Custom::OpenSearchPackageAssociation', { DomainName: 'products', PackageId: 'F1' }, physicalId));

  const { json } = sentResponse();
  expect(json.Reason).toMatch(/^Refusing to dissociate: physical id opensearch-package-association:products:F1+… \(\d+ more characters\)/);
  expect(opensearch.calls()).toHaveLength(0);
  // The response echoes the physical id itself, which we cannot shorten; the reason stays small beside it.
  expect(Buffer.byteLength(json.Reason)).toBeLessThan(CFN_RESPONSE_LIMIT_BYTES - ROOM_TO_SPARE_BYTES);
});

test('throttling in isComplete: the framework hears "not yet", asks for a retry, and sends no response', async () => {
  useBundle('association');
  opensearch.on(ListPackagesForDomainCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));

  const outcome = framework.isComplete({
    ...event('Create', 'Custom::OpenSearchPackageAssociation', { DomainName: 'products', PackageId: 'F1' }),
    PhysicalResourceId: 'opensearch-package-association:products:F1',
  });

  // The framework's Retry error is what its waiter state machine retries on.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Retry } = require(path.join(RUNTIME_DIR, 'cfn-response.js'));
  await expect(outcome).rejects.toBeInstanceOf(Retry);
  expect(responses).toHaveLength(0);
});
