import { boundMessage, echo } from './bounded-text';
import { beginInvocation } from './client';
import type { OnEventRequest } from './events';
import { logStep } from './log';
import type { StepLog } from './log';
import { resetSdkCalls, sdkCallsSoFar } from './sdk-calls';
import { isTransient } from './transient';

/** A handler step's response plus the fields of its log line. */
export interface Step<TResponse> {
  readonly response: TResponse;
  readonly report: Omit<StepLog, 'handler' | 'requestType' | 'apiCalls' | 'attempts'>;
}

/** The request types CloudFormation sends; anything else is refused before any call. */
const REQUEST_TYPES: ReadonlySet<unknown> = new Set(['Create', 'Update', 'Delete']);

/**
 * Runs one handler step and writes its single log line, also when it fails.
 *
 * In isComplete, an error that only means "not yet" (throttling, 5xx, a timeout, the network, an
 * unreadable reply; see transient.ts) answers `IsComplete: false`: the next poll tries again,
 * until the resource's deadline. Any other failure is rethrown with a message short enough for
 * CloudFormation's response limit (see bounded-text.ts).
 */
export async function runStep<TResponse>(
  handler: StepLog['handler'],
  event: OnEventRequest,
  step: () => Promise<Step<TResponse>>,
): Promise<TResponse> {
  resetSdkCalls();
  beginInvocation();
  try {
    if (!REQUEST_TYPES.has(event.RequestType)) {
      throw new Error(`Unsupported RequestType ${echo(event.RequestType, 32)}`);
    }
    const { response, report } = await step();
    logStep({ handler, requestType: event.RequestType, ...report, ...sdkCallsSoFar() });
    return response;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const transient = handler === 'isComplete' && isTransient(error);
    logStep({
      handler,
      requestType: String(event.RequestType),
      physicalResourceId: typeof event.PhysicalResourceId === 'string' ? event.PhysicalResourceId : undefined,
      outcome: transient ? 'transient-error-retry-next-poll' : 'failed',
      error: message,
      ...sdkCallsSoFar(),
    });
    if (transient) {
      // Not a failure yet: the provider framework polls again after its interval.
      return { IsComplete: false } as TResponse;
    }
    throw failureFor(error, message);
  }
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
