import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Synth-time checks of the values the OpenSearch Service API would refuse at deploy time.
 * Every check passes over unresolved tokens: their value is only known to CloudFormation.
 */

/** Package ids as the API reference defines them: `F`/`G` followed by digits, or the newer `pkg-<hex>`. */
const PACKAGE_ID_PATTERN = /^([FG][0-9]+|pkg-[a-f0-9]+)$/;

/** Domain names: 3-28 characters, a lowercase letter first, then lowercase letters, digits and hyphens. */
const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;

/** CloudFormation stops waiting on a custom resource after at most one hour (`ServiceTimeout`). */
export const MAX_TIMEOUT = Duration.hours(1);

function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

export function validatePackageId(scope: IConstruct, packageId: string): void {
  if (Token.isUnresolved(packageId)) return;
  if (!PACKAGE_ID_PATTERN.test(packageId)) {
    fail(scope, `packageId "${packageId}" must match ^([FG][0-9]+)$ (e.g. F123456789) or ^(pkg-[a-f0-9]+)$`);
  }
}

export function validateDomainName(scope: IConstruct, domainName: string): void {
  if (Token.isUnresolved(domainName)) return;
  if (domainName.length < 3 || domainName.length > 28) {
    fail(scope, `domain name "${domainName}" must be 3 to 28 characters long (it has ${domainName.length})`);
  }
  if (!DOMAIN_NAME_PATTERN.test(domainName)) {
    fail(scope, `domain name "${domainName}" must start with a lowercase letter and contain only lowercase letters, digits and hyphens`);
  }
}

/** Checks the waiter settings: a positive poll interval below a timeout of at most one hour. */
export function validateWaiter(scope: IConstruct, timeout: Duration, pollInterval: Duration): void {
  // The Provider framework derives its retry count from both at synth time, so tokens cannot work here.
  if (timeout.isUnresolved() || pollInterval.isUnresolved()) {
    fail(scope, 'timeout and pollInterval must be concrete durations, not tokens');
  }
  const timeoutMs = timeout.toMilliseconds();
  const intervalMs = pollInterval.toMilliseconds();
  if (timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT.toMilliseconds()) {
    fail(scope, `timeout must be more than 0 seconds and at most 1 hour, the longest CloudFormation waits for a custom resource (got ${timeout.toHumanString()})`);
  }
  // The waiter state machine counts in whole seconds.
  if (intervalMs < 1000 || intervalMs % 1000 !== 0 || timeoutMs % 1000 !== 0) {
    fail(scope, `pollInterval and timeout must be whole seconds, pollInterval at least 1 second (got ${pollInterval.toHumanString()} and ${timeout.toHumanString()})`);
  }
  if (intervalMs >= timeoutMs) {
    fail(scope, `pollInterval (${pollInterval.toHumanString()}) must be shorter than timeout (${timeout.toHumanString()})`);
  }
}

/** CloudFormation output ids: alphanumeric, at most 255 characters. */
export function validateOutputName(scope: IConstruct, outputName: string): void {
  if (!/^[A-Za-z0-9]{1,255}$/.test(outputName)) {
    fail(scope, `outputName "${outputName}" must be 1 to 255 letters or digits (a CloudFormation output's logical id)`);
  }
}
