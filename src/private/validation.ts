import * as fs from 'fs';
import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  DOMAIN_NAME_MAX_LENGTH, DOMAIN_NAME_MIN_LENGTH, DOMAIN_NAME_PATTERN, ENGINE_VERSION_PATTERN, MAX_BUCKET_NAME_LENGTH,
  MAX_COMMIT_MESSAGE_LENGTH, MAX_OBJECT_KEY_LENGTH, MAX_OBJECT_VERSION_LENGTH, MAX_PACKAGE_DESCRIPTION_LENGTH, MAX_PACKAGE_ID_LENGTH,
  MAX_PACKAGE_TYPE_LENGTH, MAX_PACKAGE_VERSION_LENGTH, MAX_TIMEOUT_SECONDS, MIN_BUCKET_NAME_LENGTH, PACKAGE_ID_PATTERN,
  PACKAGE_NAME_MAX_LENGTH, PACKAGE_NAME_MIN_LENGTH, PACKAGE_NAME_PATTERN, PLUGIN_PACKAGE_TYPE,
} from '../handler-contract/rules';

/** The constructs name packages within the service's limit. */
export { PACKAGE_NAME_MAX_LENGTH } from '../handler-contract/rules';

/**
 * Synth-time checks of the values the OpenSearch Service API would refuse at deploy time, by the
 * rules the handlers apply too (handler-contract/rules.ts).
 * Every check passes over unresolved tokens: their value is only known to CloudFormation.
 */

/** CloudFormation stops waiting on a custom resource after at most one hour (`ServiceTimeout`). */
export const MAX_TIMEOUT = Duration.seconds(MAX_TIMEOUT_SECONDS);

/** Longer polls would only delay a deployment: the service settles a package or association in minutes. */
export const MAX_POLL_INTERVAL = Duration.minutes(5);

function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

export function validatePackageId(scope: IConstruct, packageId: string): void {
  if (Token.isUnresolved(packageId)) return;
  if (packageId.length > MAX_PACKAGE_ID_LENGTH) {
    fail(scope, `packageId must be at most ${MAX_PACKAGE_ID_LENGTH} characters long (it has ${packageId.length})`);
  }
  if (!PACKAGE_ID_PATTERN.test(packageId)) {
    fail(scope, `packageId "${packageId}" must match ^([FG][0-9]+)$ (e.g. F123456789) or ^(pkg-[a-f0-9]+)$`);
  }
}

export function validateDomainName(scope: IConstruct, domainName: string): void {
  if (Token.isUnresolved(domainName)) return;
  if (domainName.length < DOMAIN_NAME_MIN_LENGTH || domainName.length > DOMAIN_NAME_MAX_LENGTH) {
    fail(scope, `domain name "${domainName}" must be ${DOMAIN_NAME_MIN_LENGTH} to ${DOMAIN_NAME_MAX_LENGTH} characters long (it has ${domainName.length})`);
  }
  if (!DOMAIN_NAME_PATTERN.test(domainName)) {
    fail(scope, `domain name "${domainName}" must start with a lowercase letter and contain only lowercase letters, digits and hyphens`);
  }
}

/** Checks a resource's timeout: whole seconds, at most one hour, longer than the stack's poll interval. */
export function validateTimeout(scope: IConstruct, timeout: Duration, pollInterval: Duration): void {
  if (timeout.isUnresolved()) {
    fail(scope, 'timeout must be a concrete duration, not a token');
  }
  const timeoutMs = timeout.toMilliseconds();
  if (timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT.toMilliseconds()) {
    fail(scope, `timeout must be more than 0 seconds and at most 1 hour, the longest CloudFormation waits for a custom resource (got ${timeout.toHumanString()})`);
  }
  if (timeoutMs % 1000 !== 0) {
    fail(scope, `timeout must be whole seconds (got ${timeout.toHumanString()})`);
  }
  if (timeoutMs <= pollInterval.toMilliseconds()) {
    fail(scope, `timeout (${timeout.toHumanString()}) must be longer than the stack's pollInterval (${pollInterval.toHumanString()}), or it ends before the first check`);
  }
}

/**
 * Checks the stack's poll interval: whole seconds from 1 second to 5 minutes that divide one hour,
 * because the provider framework's waiter retries a whole number of times within its hour.
 */
export function validatePollInterval(scope: IConstruct, pollInterval: Duration): void {
  if (pollInterval.isUnresolved()) {
    fail(scope, 'pollInterval must be a concrete duration, not a token');
  }
  const intervalMs = pollInterval.toMilliseconds();
  const ceilingMs = MAX_TIMEOUT.toMilliseconds();
  if (intervalMs < 1000 || intervalMs > MAX_POLL_INTERVAL.toMilliseconds() || intervalMs % 1000 !== 0 || ceilingMs % intervalMs !== 0) {
    fail(scope, `pollInterval must be whole seconds from 1 second to 5 minutes that divide 1 hour, e.g. 5, 10 or 30 seconds (got ${pollInterval.toHumanString()})`);
  }
}

/** CloudFormation output ids: alphanumeric, at most 255 characters. */
export function validateOutputName(scope: IConstruct, outputName: string): void {
  if (!/^[A-Za-z0-9]{1,255}$/.test(outputName)) {
    fail(scope, `outputName "${outputName}" must be 1 to 255 letters or digits (a CloudFormation output's logical id)`);
  }
}

export function validatePackageName(scope: IConstruct, packageName: string): void {
  if (Token.isUnresolved(packageName)) return;
  if (packageName.length < PACKAGE_NAME_MIN_LENGTH || packageName.length > PACKAGE_NAME_MAX_LENGTH) {
    fail(scope, `packageName "${packageName}" must be ${PACKAGE_NAME_MIN_LENGTH} to ${PACKAGE_NAME_MAX_LENGTH} characters long (it has ${packageName.length})`);
  }
  if (!PACKAGE_NAME_PATTERN.test(packageName)) {
    fail(scope, `packageName "${packageName}" must start with a lowercase letter and contain only lowercase letters, digits and hyphens`);
  }
}

/** Fails with `message(length)` when a resolved value is longer than `max` characters. */
function checkMaxLength(scope: IConstruct, value: string, max: number, message: (length: number) => string): void {
  if (!Token.isUnresolved(value) && value.length > max) fail(scope, message(value.length));
}

export function validatePackageDescription(scope: IConstruct, description: string): void {
  checkMaxLength(scope, description, MAX_PACKAGE_DESCRIPTION_LENGTH,
    (length) => `description must be at most ${MAX_PACKAGE_DESCRIPTION_LENGTH} characters long (it has ${length})`);
}

export function validateCommitMessage(scope: IConstruct, commitMessage: string): void {
  checkMaxLength(scope, commitMessage, MAX_COMMIT_MESSAGE_LENGTH,
    (length) => `commitMessage must be at most ${MAX_COMMIT_MESSAGE_LENGTH} characters long (it has ${length})`);
}

/** A ZIP-PLUGIN names the engine it was built for; the API refuses an engine version on any other type. */
export function validateEngineVersion(scope: IConstruct, packageType: string, engineVersion: string | undefined): void {
  if (Token.isUnresolved(packageType)) return;
  if (packageType === PLUGIN_PACKAGE_TYPE && engineVersion === undefined) {
    fail(scope, `engineVersion is required for packageType ${PLUGIN_PACKAGE_TYPE}: the engine version the plugin is built for, e.g. EngineVersion.OPENSEARCH_2_19`);
  }
  if (packageType !== PLUGIN_PACKAGE_TYPE && engineVersion !== undefined) {
    fail(scope, `engineVersion can only be given for packageType ${PLUGIN_PACKAGE_TYPE} (packageType is ${packageType})`);
  }
  if (engineVersion !== undefined && !Token.isUnresolved(engineVersion) && !ENGINE_VERSION_PATTERN.test(engineVersion)) {
    fail(scope, `engineVersion "${engineVersion}" must look like OpenSearch_2.19 or Elasticsearch_7.10`);
  }
}

/** The file behind PackageSource.fromAsset: it must exist, be one file, and not be empty. */
export function validatePackageFile(scope: IConstruct, filePath: string): void {
  if (!fs.existsSync(filePath)) {
    fail(scope, `source file "${filePath}" does not exist`);
  }
  const stats = fs.statSync(filePath);
  if (!stats.isFile()) {
    fail(scope, `source "${filePath}" must be a single file (a package is one dictionary, plugin .zip or configuration file)`);
  }
  // The developer guide documents no maximum size for package files (it only warns that dictionaries
  // take Java heap in proportion to their size), so an empty file is the only size we can refuse.
  if (stats.size === 0) {
    fail(scope, `source file "${filePath}" is empty: a package needs content`);
  }
}

export function validateObjectKey(scope: IConstruct, objectKey: string): void {
  if (Token.isUnresolved(objectKey)) return;
  if (objectKey.length === 0 || objectKey.length > MAX_OBJECT_KEY_LENGTH) {
    fail(scope, `source object key must be 1 to ${MAX_OBJECT_KEY_LENGTH} characters long (it has ${objectKey.length})`);
  }
}

export function validatePackageVersion(scope: IConstruct, packageVersion: string | undefined): void {
  if (packageVersion === undefined || Token.isUnresolved(packageVersion)) return;
  if (packageVersion.length === 0 || packageVersion.length > MAX_PACKAGE_VERSION_LENGTH) {
    fail(scope, `packageVersion must be 1 to ${MAX_PACKAGE_VERSION_LENGTH} characters long (it has ${packageVersion.length})`);
  }
}

export function validatePackageType(scope: IConstruct, packageType: string): void {
  checkMaxLength(scope, packageType, MAX_PACKAGE_TYPE_LENGTH,
    (length) => `packageType must be at most ${MAX_PACKAGE_TYPE_LENGTH} characters long (it has ${length})`);
}

export function validateBucketName(scope: IConstruct, bucketName: string): void {
  if (Token.isUnresolved(bucketName)) return;
  if (bucketName.length < MIN_BUCKET_NAME_LENGTH || bucketName.length > MAX_BUCKET_NAME_LENGTH) {
    fail(scope, `source bucket name must be ${MIN_BUCKET_NAME_LENGTH} to ${MAX_BUCKET_NAME_LENGTH} characters long (it has ${bucketName.length})`);
  }
}

export function validateObjectVersion(scope: IConstruct, objectVersion: string | undefined): void {
  if (objectVersion === undefined || Token.isUnresolved(objectVersion)) return;
  if (objectVersion.length === 0 || objectVersion.length > MAX_OBJECT_VERSION_LENGTH) {
    fail(scope, `source object version must be 1 to ${MAX_OBJECT_VERSION_LENGTH} characters long (it has ${objectVersion.length})`);
  }
}

/** Custom resources have no snapshot to take: only DESTROY and RETAIN mean something. */
export function validateRemovalPolicy(scope: IConstruct, removalPolicy: RemovalPolicy | undefined, resource: string): void {
  if (removalPolicy === RemovalPolicy.SNAPSHOT) {
    fail(scope, `removalPolicy SNAPSHOT is not supported by a ${resource}; use DESTROY or RETAIN`);
  }
}
