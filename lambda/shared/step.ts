import { boundMessage, echo, textOf } from './bounded-text';
import { beginInvocation } from './client';
import { isPastDeadline, waitTimedOut } from './deadline';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest } from './events';
import { logStep } from './log';
import type { StepLog } from './log';
import { resetSdkCalls, sdkCallsSoFar } from './sdk-calls';
import { isTransient } from './transient';

/** A handler step's response plus the fields of its log line. */
export interface Step<TResponse> {
  readonly response: TResponse;
  readonly report: Omit<StepLog, 'handler' | 'requestType' | 'apiCalls' | 'attempts'>;
}

/** An isComplete step that found the resource settled. */
export function complete<TData>(report: Step<unknown>['report']): Step<IsCompleteResponse<TData>> {
  return { response: { IsComplete: true }, report };
}

/** An isComplete step that found the resource still changing: the framework polls again. */
export function notComplete<TData>(report: Step<unknown>['report']): Step<IsCompleteResponse<TData>> {
  return { response: { IsComplete: false }, report };
}

/** The request types CloudFormation sends; anything else is refused before any call. */
const REQUEST_TYPES: ReadonlySet<unknown> = new Set(['Create', 'Update', 'Delete']);

/**
 * Runs one handler step and writes its single log line, also when it fails.
 *
 * In isComplete, an error that only means "not yet" (throttling, 5xx, a timeout, the network, an
 * unreadable reply; see transient.ts) answers `IsComplete: false`: the next poll tries again, until
 * the resource's deadline. Any other failure is rethrown with a message short enough for
 * CloudFormation's response limit (see bounded-text.ts).
 */
export async function runStep<TResponse>(
  handler: StepLog['handler'],
  event: OnEventRequest,
  step: () => Promise<Step<TResponse>>,
): Promise<TResponse> {
  resetSdkCalls();
  beginInvocation();
  let report: Step<TResponse>['report'] | undefined;
  try {
    if (!REQUEST_TYPES.has(event.RequestType)) {
      throw new Error(`Unsupported RequestType ${echo(event.RequestType, 32)}`);
    }
    const result = await step();
    report = result.report;
    if (handler === 'isComplete' && isUnsettled(result.response) && isPastDeadline(event as IsCompleteRequest, Date.now())) {
      throw waitTimedOut(event as IsCompleteRequest, result.report);
    }
    logStep({ handler, requestType: event.RequestType, ...result.report, ...sdkCallsSoFar() });
    return result.response;
  } catch (error) {
    const message = error instanceof Error ? error.message : textOf(error);
    // Not yet, unless the resource's deadline has passed: then the wait fails as any other would.
    const transient = handler === 'isComplete' && report === undefined && isTransient(error);
    const pastDeadline = transient && isPastDeadline(event as IsCompleteRequest, Date.now());
    logStep({
      handler,
      requestType: echo(event.RequestType, 32),
      physicalResourceId: typeof event.PhysicalResourceId === 'string' ? event.PhysicalResourceId : undefined,
      outcome: transient && !pastDeadline ? 'transient-error-retry-next-poll' : 'failed',
      error: message,
      ...sdkCallsSoFar(),
    });
    if (transient && !pastDeadline) {
      // The provider framework polls again after its interval.
      return { IsComplete: false } as TResponse;
    }
    if (pastDeadline) {
      throw failureFor(undefined, `The resource's timeout passed while the service could not be read; the last poll failed with: ${message}`);
    }
    throw failureFor(error, message);
  }
}

function isUnsettled(response: unknown): boolean {
  return (response as { IsComplete?: unknown } | undefined)?.IsComplete === false;
}

/** The error to report: the same one when its message fits, else a shortened copy keeping its start. */
function failureFor(error: unknown, message: string): Error {
  const bounded = boundMessage(message);
  if (error instanceof Error && bounded === message) {
    return error;
  }
  // A new error also gets a new stack, whose first line (the message) is shortened too.
  return new Error(bounded, { cause: error });
}
