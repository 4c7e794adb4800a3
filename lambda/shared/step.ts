import { isPastDeadline, waitTimedOut } from './deadline';
import type { IsCompleteRequest, OnEventRequest } from './events';
import { logStep } from './log';
import type { StepLog } from './log';
import { resetSdkCalls, sdkCallsSoFar } from './sdk-calls';

/** A handler step's response plus the fields of its log line. */
export interface Step<TResponse> {
  readonly response: TResponse;
  readonly report: Omit<StepLog, 'handler' | 'requestType' | 'apiCalls' | 'attempts'>;
}

/** Runs one handler step and writes its single log line, also when it fails. */
export async function runStep<TResponse>(
  handler: StepLog['handler'],
  event: OnEventRequest,
  step: () => Promise<Step<TResponse>>,
): Promise<TResponse> {
  resetSdkCalls();
  try {
    const { response, report } = await step();
    if (handler === 'isComplete' && isUnsettled(response) && isPastDeadline(event as IsCompleteRequest, Date.now())) {
      throw waitTimedOut(event as IsCompleteRequest, report);
    }
    logStep({ handler, requestType: event.RequestType, ...report, ...sdkCallsSoFar() });
    return response;
  } catch (error) {
    logStep({
      handler,
      requestType: event.RequestType,
      physicalResourceId: event.PhysicalResourceId,
      outcome: 'failed',
      error: error instanceof Error ? error.message : String(error),
      ...sdkCallsSoFar(),
    });
    throw error;
  }
}

function isUnsettled(response: unknown): boolean {
  return (response as { IsComplete?: unknown } | undefined)?.IsComplete === false;
}
