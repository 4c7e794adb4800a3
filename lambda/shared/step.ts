import { beginInvocation, resetSdkCalls, sdkCallsSoFar } from './clients';
import { boundMessage, echo, isTransient, textOf } from './errors';
import { optionalString } from './events';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './events';
import type { WaiterState } from '../../src/handler-contract/contract';
import { MAX_TIMEOUT_SECONDS } from '../../src/handler-contract/rules';

/** One line per handler step, as JSON so CloudWatch Logs Insights can filter on the fields. */
export interface StepLog {
  readonly handler: 'onEvent' | 'isComplete';
  readonly requestType: string;
  readonly domainName?: string;
  readonly packageId?: string;
  /** Name of the package, for the package handler's steps. */
  readonly packageName?: string;
  readonly physicalResourceId?: string;
  /** What the step did or found, e.g. `requested`, `busy`, `complete`, `failed`. */
  readonly outcome: string;
  /** The association's DomainPackageStatus or the package's PackageStatus, when the step read it. */
  readonly status?: string;
  /** Why the step failed; on a step that did not fail, what went wrong without failing it (a staged copy left behind). */
  readonly error?: string;
  /** The package file's staged copy (`s3://bucket/key`) the step made, or removed once the service had it. */
  readonly stagedFile?: string;
  /** What the step asked of UpdatePackageScope: `shared`, `unshared`, `unchanged`, `not-shared`. */
  readonly sharing?: string;
  /** API calls the step made. */
  readonly apiCalls?: number;
  /** HTTP attempts behind those calls, the SDK's retries of throttling and 5xx answers included. */
  readonly attempts?: number;
}

/** Callers pass a StepLog, never the event itself, whose ResponseURL is a presigned URL. */
export function logStep(entry: StepLog): void {
  console.log(JSON.stringify(entry));
}

/**
 * Each resource's own deadline. The provider framework waits up to its one-hour ceiling for every
 * resource; the resource's `Timeout` property says how long this one may take. onEvent turns it into
 * a deadline, which the framework hands to every isComplete call (see WaiterState in the contract).
 */

/**
 * Plugins are installed with a blue/green deployment (custom plugins page), for which AWS documents no
 * duration: it can outlast the one hour CloudFormation waits.
 */
const PLUGIN_RESUME = 'The service goes on with it (for a plugin, a blue/green deployment of the domain)';

/** The deadline of a resource whose request starts now; none for resources that don't wait (look-ups). */
export function waitDeadline(event: OnEventRequest, startedAt: number): WaiterState {
  const seconds = timeoutSeconds(event);
  return seconds === undefined ? {} : { WaitDeadline: startedAt + seconds * 1000 };
}

/** Whether an isComplete call that found the resource unsettled has run out of time. */
export function isPastDeadline(event: IsCompleteRequest, now: number): boolean {
  const deadline = (event as IsCompleteRequest & WaiterState).WaitDeadline;
  return typeof deadline === 'number' && now >= deadline;
}

/** The failure past the deadline: what was awaited, for how long, and where it stands. */
export function waitTimedOut(event: IsCompleteRequest, report: Omit<StepLog, 'handler' | 'requestType'>): Error {
  const waited = formatDuration(timeoutSeconds(event) ?? 0);
  const state = stateOf(report);
  const deleting = event.RequestType === 'Delete';
  let what: string;
  let resume = 'The service goes on with it: a later deployment picks it up where it stands';
  if (report.domainName) {
    const { packageId, domainName } = report;
    if (deleting) {
      what = report.status
        ? `Waited ${waited} for package ${packageId} on domain ${domainName} to be dissociated; it is still ${report.status}`
        : `Waited ${waited} for package ${packageId} on domain ${domainName} to be dissociated; ${state}`;
    } else {
      what = report.status
        ? `Waited ${waited} for package ${packageId} on domain ${domainName} to become ACTIVE; it is still ${report.status}`
        : `Waited ${waited} for package ${packageId} on domain ${domainName} to become ACTIVE; ${state}`;
    }
    // An association the service goes on with is adopted by the next Create (AssociatePackage meets it ACTIVE).
    if (!deleting) resume = `${PLUGIN_RESUME}: a later deployment adopts the association once it is ACTIVE`;
  } else {
    const pkg = report.packageName ? `${report.packageName} (${report.packageId})` : report.packageId;
    const versionBefore = event.Data?.AvailablePackageVersion;
    if (deleting) {
      what = report.status
        ? `Waited ${waited} for package ${pkg} to be deleted; it is still ${report.status}`
        : `Waited ${waited} for package ${pkg} to be deleted; ${state}`;
    } else if (versionBefore && report.status === 'AVAILABLE') {
      // An update waits for a version newer than the one AVAILABLE before it.
      what = `Waited ${waited} for package ${pkg} to replace version ${versionBefore} with a new AVAILABLE version; `
        + `version ${versionBefore} is still the available one`;
    } else {
      what = report.status
        ? `Waited ${waited} for package ${pkg} to become AVAILABLE; it is still ${report.status}`
        : `Waited ${waited} for package ${pkg} to become AVAILABLE; ${state}`;
    }
  }
  return new Error(`${what}. ${resume}. Raise timeout (at most 1 hour) if it needs longer`);
}

/**
 * Where a resource without a status stands, from what the last poll found: an outcome is never shown
 * as a status.
 */
function stateOf(report: Omit<StepLog, 'handler' | 'requestType'>): string {
  if (report.outcome.endsWith('unconfirmed')) return 'the last requests got no answer (lost or unreadable replies), and it is not listed';
  if (report.outcome.endsWith('refused-state-unreadable')) return "the service refused the request and the domain's state could not be read";
  return `it is not listed (last step: ${report.outcome})`;
}

function timeoutSeconds(event: OnEventRequest): number | undefined {
  const raw = optionalString(event.ResourceProperties, 'Timeout');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!/^[0-9]{1,4}$/.test(raw) || seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new Error(`Invalid Timeout "${raw.slice(0, 20)}": expected whole seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return seconds;
}

function formatDuration(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A handler step's response plus the fields of its log line. */
export interface Step<TResponse> {
  readonly response: TResponse;
  readonly report: Omit<StepLog, 'handler' | 'requestType' | 'apiCalls' | 'attempts'>;
}

/** An onEvent step: the resource's physical id goes back to the framework, which then polls isComplete. */
export function requested(physicalResourceId: string | undefined, report: Step<unknown>['report']): Step<OnEventResponse> {
  return { response: { PhysicalResourceId: physicalResourceId }, report };
}

/**
 * The report of a Delete whose physical id is not one of ours (a failed create rolling back, the provider
 * framework's create-failed marker): nothing was made, so there is nothing to undo.
 */
export function skippedForeignId(physicalResourceId: string | undefined): Step<unknown>['report'] {
  return { physicalResourceId, outcome: 'skipped-foreign-id' };
}

/** An isComplete step that found the resource settled. */
export function complete<TData>(report: Step<unknown>['report']): Step<IsCompleteResponse<TData>> {
  return { response: { IsComplete: true }, report };
}

/** An isComplete step that found the resource still changing: the framework polls again. */
export function notComplete<TData>(report: Step<unknown>['report']): Step<IsCompleteResponse<TData>> {
  return { response: { IsComplete: false }, report };
}

/** What a resource's onEvent does, one step per request type. */
export type RequestSteps = Record<OnEventRequest['RequestType'], (event: OnEventRequest) => Promise<Step<OnEventResponse>>>;

/** The onEvent step of the event's request type; call it inside runStep, which refuses any other type first. */
export function stepFor(event: OnEventRequest, steps: RequestSteps): Promise<Step<OnEventResponse>> {
  return steps[event.RequestType](event);
}

/** The request types CloudFormation sends; anything else is refused before any call. */
const REQUEST_TYPES: ReadonlySet<unknown> = new Set(['Create', 'Update', 'Delete']);

/**
 * Runs one handler step and writes its single log line, also when it fails.
 *
 * In isComplete, an error that only means "not yet" (throttling, 5xx, a timeout, the network, an
 * unreadable reply; see isTransient in errors.ts) answers `IsComplete: false`: the next poll tries again, until
 * the resource's deadline. Any other failure is rethrown with a message short enough for
 * CloudFormation's response limit (see boundMessage in errors.ts).
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
