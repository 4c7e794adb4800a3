import { BUNDLE } from '../handler';
import { ServiceContext, WaitingStrategy } from './service';
import { OurResourceProperties } from './synthesized-properties';

/**
 * This library, as aws-cdk-lib's `Provider` runs it, driving the real handler bundle (in this process,
 * against the emulator). What the framework does, from aws-cdk-lib's source
 * (custom-resources/lib/provider-framework): its onEvent function invokes ours, then starts the
 * waiter state machine, whose first state invokes isComplete at once; a not-complete answer is a
 * Retry after `queryInterval` (our `pollInterval`, default 5 s) with backoff rate 1.
 * https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/custom-resources/lib/provider-framework/waiter-state-machine.ts
 *
 * Each handler invocation costs what it really takes here; the first of each function per resource
 * also costs the cold start measured by this run's handler bench. Left out, for us and every peer
 * alike: CloudFormation's own latency (between dependent resources too), and Lambda's and Step
 * Functions' service latency.
 */
export interface OurStrategyOptions {
  readonly pollIntervalMs: number;
  readonly coldStartMs: number;
  readonly properties: OurResourceProperties;
  /**
   * A prototype, not what the handler does: each isComplete invocation looks up to `looks` times,
   * `spacingMs` apart, before it answers not complete.
   */
  readonly relook?: { readonly looks: number; readonly spacingMs: number };
}

interface Handlers {
  onEvent(event: object): Promise<{ PhysicalResourceId?: string; Data?: Record<string, string> }>;
  isComplete(event: object): Promise<{ IsComplete: boolean; Data?: Record<string, string> }>;
}

let handlers: Handlers | undefined;

function loadHandlers(): Handlers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handlers ??= require(BUNDLE) as Handlers;
  return handlers;
}

export function ourStrategy(key: string, label: string, options: OurStrategyOptions): WaitingStrategy {
  const associationEvent = (domainName: string, packageId: string, extra: Record<string, unknown> = {}) =>
    createEvent('Custom::OpenSearchPackageAssociation', `${domainName}-${packageId}`,
      { ...options.properties.association, DomainName: domainName, PackageId: packageId, ...extra });

  return {
    key,
    label,
    source: 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/custom-resources/lib/provider-framework/waiter-state-machine.ts',

    async associate(service, domainName, packageId) {
      await runResource(service, associationEvent(domainName, packageId), options);
    },

    // The CustomPackage: its package resource (staging copy, CreatePackage, DescribePackages until
    // AVAILABLE), then the association that depends on it, with the package's id and version.
    async fileToActive(service, file, domainName) {
      const packageEvent = createEvent('Custom::OpenSearchPackage', file.packageName, {
        ...options.properties.package,
        PackageName: file.packageName,
        S3BucketName: file.bucket,
        S3Key: file.key,
        StagingBucketName: file.stagingBucket,
        StagingPrefix: `${file.packageName}/`,
      });
      const data = await runResource(service, packageEvent, options, (packageId) => service.packageCreated(packageId));
      await runResource(service, associationEvent(domainName, data.PackageId, { PackageVersion: data.AvailablePackageVersion }), options);
    },
  };
}

function createEvent(resourceType: string, name: string, properties: Record<string, unknown>) {
  return {
    RequestType: 'Create',
    ResourceType: resourceType,
    LogicalResourceId: name.replace(/[^A-Za-z0-9]/g, ''),
    RequestId: `bench-${name}`,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Bench/bench',
    ResponseURL: 'https://cloudformation-response.invalid/',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:bench-framework-onEvent',
    ResourceProperties: properties,
  };
}

/** One custom resource through the framework: onEvent, then isComplete until complete. Returns the merged Data. */
async function runResource(service: ServiceContext, event: object, options: OurStrategyOptions,
  created?: (physicalId: string) => void): Promise<Record<string, string>> {
  await service.clock.charge(options.coldStartMs);
  const onEventResult = await invoke(service, () => loadHandlers().onEvent(event));
  if (onEventResult.PhysicalResourceId) created?.(onEventResult.PhysicalResourceId);
  const waiterInput = { ...event, ...onEventResult };
  await service.clock.charge(options.coldStartMs);
  for (;;) {
    const data = await isCompleteInvocation(service, waiterInput, options.relook);
    if (data) return { ...onEventResult.Data, ...data };
    await service.clock.sleep(options.pollIntervalMs);
  }
}

/** One isComplete invocation: its Data when complete, undefined when not. */
async function isCompleteInvocation(service: ServiceContext, input: object,
  relook: OurStrategyOptions['relook']): Promise<Record<string, string> | undefined> {
  const looks = relook?.looks ?? 1;
  for (let look = 1; ; look++) {
    const answer = await invoke(service, () => loadHandlers().isComplete(input));
    if (answer.IsComplete) return answer.Data ?? {};
    if (look >= looks) return undefined;
    await service.clock.sleep(relook!.spacingMs);
  }
}

/** Handler calls in flight; their log lines stay off the bench's output until the last one ends. */
let quieted = 0;
const log = console.log;

/** One handler call at real speed. */
async function invoke<T>(service: ServiceContext, call: () => Promise<T>): Promise<T> {
  if (quieted++ === 0) console.log = () => undefined;
  try {
    return await service.clock.real(call);
  } finally {
    if (--quieted === 0) console.log = log;
  }
}
