/**
 * Each resource's own deadline. The provider framework waits up to its one-hour ceiling for every
 * resource; the resource's `Timeout` property says how long this one may take. onEvent turns it into
 * a deadline, which the framework hands to every isComplete call (see WaiterState in the contract).
 */
import type { IsCompleteRequest, OnEventRequest } from './events';
import type { StepLog } from './log';
import { optionalString } from './property-readers';
import type { WaiterState } from '../../src/handler-contract/contract';
import { MAX_TIMEOUT_SECONDS } from '../../src/handler-contract/rules';

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
