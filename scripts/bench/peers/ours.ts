import { BUNDLE } from '../handler';
import { ServiceContext, WaitingStrategy } from './service';

/**
 * This library, as aws-cdk-lib's `Provider` runs it, driving the real handler bundle (in this process,
 * against the emulator). What the framework does, from aws-cdk-lib's source
 * (custom-resources/lib/provider-framework): its onEvent function invokes ours, then starts the
 * waiter state machine, whose first state invokes isComplete at once; a not-complete answer is a
 * Retry after `queryInterval` (our `pollInterval`, default 10 s) with backoff rate 1.
 * https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/custom-resources/lib/provider-framework/waiter-state-machine.ts
 *
 * Each handler invocation costs what it really takes here; the first of each function per resource
 * also costs the cold start measured by this run's handler bench. Left out, for us and every peer
 * alike: CloudFormation's own latency, and Lambda's and Step Functions' service latency.
 */
export interface OurStrategyOptions {
  readonly pollIntervalMs: number;
  readonly coldStartMs: number;
  /** The resource's properties as the construct synthesizes them; DomainName and PackageId are replaced. */
  readonly properties: Record<string, unknown>;
  /**
   * A prototype, not what the handler does: each isComplete invocation looks up to `looks` times,
   * `spacingMs` apart, before it answers not complete.
   */
  readonly relook?: { readonly looks: number; readonly spacingMs: number };
}

interface Handlers {
  onEvent(event: object): Promise<Record<string, unknown>>;
  isComplete(event: object): Promise<{ IsComplete: boolean }>;
}

let handlers: Handlers | undefined;

function loadHandlers(): Handlers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handlers ??= require(BUNDLE) as Handlers;
  return handlers;
}

export function ourStrategy(key: string, label: string, options: OurStrategyOptions): WaitingStrategy {
  const strategy: WaitingStrategy = {
    key,
    label,
    source: 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/custom-resources/lib/provider-framework/waiter-state-machine.ts',

    async associate(service, domainName, packageId) {
      const event = {
        RequestType: 'Create',
        ResourceType: 'Custom::OpenSearchPackageAssociation',
        LogicalResourceId: `Association${packageId}`,
        RequestId: `bench-${domainName}-${packageId}`,
        StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Bench/bench',
        ResponseURL: 'https://cloudformation-response.invalid/',
        ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:bench-framework-onEvent',
        ResourceProperties: { ...options.properties, DomainName: domainName, PackageId: packageId },
      };
      await service.clock.charge(options.coldStartMs);
      const onEventResult = await invoke(service, () => loadHandlers().onEvent(event));
      const waiterInput = { ...event, ...onEventResult };
      await service.clock.charge(options.coldStartMs);
      for (;;) {
        if (await isCompleteInvocation(service, waiterInput, options.relook)) return;
        await service.clock.sleep(options.pollIntervalMs);
      }
    },

    // The package resource's part is our provider's schedule re-implemented (CreatePackage, then
    // DescribePackages at once and every poll interval until AVAILABLE), its staging copy left out like
    // every peer's upload; the association that depends on it is the real handler again.
    async fileToActive(service, file, domainName) {
      await service.clock.charge(options.coldStartMs);
      const packageId = await service.createPackage(file.packageName, file.bucket, file.key);
      await service.clock.charge(options.coldStartMs);
      while ((await service.describePackage(packageId))?.PackageStatus !== 'AVAILABLE') {
        await service.clock.sleep(options.pollIntervalMs);
      }
      await strategy.associate(service, domainName, packageId);
    },
  };
  return strategy;
}

async function isCompleteInvocation(service: ServiceContext, input: object, relook: OurStrategyOptions['relook']): Promise<boolean> {
  const looks = relook?.looks ?? 1;
  for (let look = 1; ; look++) {
    const answer = await invoke(service, () => loadHandlers().isComplete(input));
    if (answer.IsComplete) return true;
    if (look >= looks) return false;
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
