import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { LambdaHost } from './lambda-host';

/**
 * What `aws-cdk-lib/custom-resources` `Provider` does between CloudFormation and the user's handlers:
 * call `onEvent` once, then `isComplete` at once and every query interval until it answers true or the
 * total timeout passes, and merge the `Data` both returned. It waits on the host's clock, as the functions do.
 */

/** The framework's physical id for a resource whose create failed in onEvent; its Delete is skipped. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface HandlerFunction {
  readonly functionId: string;
  readonly codeDir: string;
  readonly handler: string;
  readonly timeoutMs: number;
}

export interface ProviderHandlers {
  readonly onEvent: HandlerFunction;
  readonly isComplete?: HandlerFunction;
  readonly queryIntervalMs: number;
  readonly totalTimeoutMs: number;
}

/** The event CloudFormation sends a custom resource's service token. */
export type CustomResourceEvent = CloudFormationCustomResourceEvent;

export interface ProviderResult {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/** A failed provider request; `physicalResourceId` is what CloudFormation records for the resource. */
export class ProviderError extends Error {
  constructor(message: string, public readonly physicalResourceId: string) {
    super(message);
  }
}

export async function runProvider(host: LambdaHost, handlers: ProviderHandlers, event: CustomResourceEvent): Promise<ProviderResult> {
  if (event.RequestType === 'Delete' && event.PhysicalResourceId === CREATE_FAILED_MARKER) {
    return { PhysicalResourceId: CREATE_FAILED_MARKER, Data: {} };
  }
  const invoke = (fn: HandlerFunction, input: unknown) => host.invoke(fn.functionId, fn.codeDir, fn.handler, input, fn.timeoutMs);

  let onEventResult: { PhysicalResourceId?: string; Data?: Record<string, string> };
  try {
    onEventResult = (await invoke(handlers.onEvent, event)) ?? {};
  } catch (error) {
    const physicalId = event.RequestType === 'Create' ? CREATE_FAILED_MARKER : event.PhysicalResourceId!;
    throw new ProviderError((error as Error).message, physicalId);
  }
  const physicalResourceId = onEventResult.PhysicalResourceId ?? (event.RequestType === 'Create' ? undefined : event.PhysicalResourceId) ?? event.RequestId;
  if (event.RequestType === 'Delete' && physicalResourceId !== event.PhysicalResourceId) {
    throw new ProviderError('DELETE: cannot change the physical resource ID', event.PhysicalResourceId!);
  }
  if (!handlers.isComplete) return { PhysicalResourceId: physicalResourceId, Data: onEventResult.Data ?? {} };

  const waiterInput = { ...event, ...onEventResult, PhysicalResourceId: physicalResourceId };
  const clock = host.clock;
  const deadline = clock.now() + handlers.totalTimeoutMs;
  for (;;) {
    let answer: { IsComplete: boolean; Data?: Record<string, string> };
    try {
      answer = await invoke(handlers.isComplete, waiterInput);
    } catch (error) {
      throw new ProviderError((error as Error).message, physicalResourceId);
    }
    if (answer?.IsComplete) {
      return { PhysicalResourceId: physicalResourceId, Data: { ...onEventResult.Data, ...answer.Data } };
    }
    if (clock.now() + handlers.queryIntervalMs > deadline) {
      throw new ProviderError(`Operation timed out after ${handlers.totalTimeoutMs / 1000} seconds`, physicalResourceId);
    }
    await clock.sleep(handlers.queryIntervalMs);
  }
}
