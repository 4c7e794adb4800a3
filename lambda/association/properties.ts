import type { PackageAssociationConfiguration } from '@aws-sdk/client-opensearch';
import type { AssociationProperties } from '../../src/handler-contract/contract';
import { isDomainName, isPackageId, PACKAGE_ID_RULE } from '../../src/handler-contract/rules';
import { echo } from '../shared/errors';
import { optionalString, RawProperties, requiredDomainName, requiredPackageId } from '../shared/events';

/** The pair an association is about; everything Delete needs to act. */
export interface DomainPackage {
  readonly domainName: string;
  readonly packageId: string;
}

/**
 * Physical ids look like `opensearch-package-association:<domain>:<packageId>`.
 * The prefix tells our ids apart from anything else CloudFormation may hand us on Delete
 * (the CDK provider framework's create-failed marker, a rollback of a failed create).
 */
const PREFIX = 'opensearch-package-association';
const SEPARATOR = ':';

export function formatPhysicalId(target: DomainPackage): string {
  return [PREFIX, target.domainName, target.packageId].join(SEPARATOR);
}

/** Returns the pair encoded in one of our physical ids, or undefined for anything else. */
export function parsePhysicalId(physicalId: unknown): DomainPackage | undefined {
  // CloudFormation sends strings, but a forged event may not: anything else is not ours.
  if (typeof physicalId !== 'string') {
    return undefined;
  }
  const parts = physicalId.split(SEPARATOR);
  if (parts.length !== 3) {
    return undefined;
  }
  const [prefix, domainName, packageId] = parts;
  if (prefix !== PREFIX || !isDomainName(domainName) || !isPackageId(packageId)) {
    return undefined;
  }
  return { domainName, packageId };
}

export function isSameDomainPackage(a: DomainPackage, b: DomainPackage): boolean {
  return a.domainName === b.domainName && a.packageId === b.packageId;
}

/**
 * The body of AssociatePackage: `PrerequisitePackageIDList` and
 * `AssociationConfiguration.KeyStoreAccessOption`, from the association's custom resource properties
 * (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AssociatePackage.html).
 */

/** KeyAccessRoleArn in the API model: 20-2048 characters, an IAM role ARN. */
const ROLE_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::[0-9]+:role\/.*$/;
const ROLE_ARN_MIN_LENGTH = 20;
const ROLE_ARN_MAX_LENGTH = 2048;
/** The API model sets no limit on the list; 20 is the plugins a domain may have (custom plugins quotas). */
const MAX_PREREQUISITES = 20;

/** The likely cause of a refused AssociatePackage that names prerequisites: they must be associated first (API reference). */
export const PREREQUISITE_REFUSAL_CAUSE = 'a prerequisite in PrerequisitePackageIDList may not be associated with the domain yet '
  + '(the plugin comes first; its license and configuration name it)';

export type AssociationRequestFields = Pick<AssociationProperties, 'PrerequisitePackageIds' | 'KeyAccessRoleArn'>;

export interface AssociationRequestBody {
  readonly PrerequisitePackageIDList?: string[];
  readonly AssociationConfiguration?: PackageAssociationConfiguration;
}

export function parseAssociationRequestFields(raw: RawProperties): AssociationRequestFields {
  const ids = optionalString(raw, 'PrerequisitePackageIds');
  if (ids !== undefined) {
    const list = ids.split(',');
    if (list.length > MAX_PREREQUISITES) {
      throw new Error(`Invalid PrerequisitePackageIds: at most ${MAX_PREREQUISITES} packages allowed, got ${list.length}`);
    }
    const bad = list.find((id) => !isPackageId(id));
    if (bad !== undefined) {
      throw new Error(`Invalid PrerequisitePackageIds: "${echo(bad)}" is not ${PACKAGE_ID_RULE}`);
    }
  }
  const roleArn = optionalString(raw, 'KeyAccessRoleArn');
  if (roleArn !== undefined && (roleArn.length < ROLE_ARN_MIN_LENGTH || roleArn.length > ROLE_ARN_MAX_LENGTH || !ROLE_ARN_PATTERN.test(roleArn))) {
    throw new Error(`Invalid KeyAccessRoleArn "${echo(roleArn)}": expected an IAM role ARN of ${ROLE_ARN_MIN_LENGTH}-${ROLE_ARN_MAX_LENGTH} characters`);
  }
  const fields: { -readonly [K in keyof AssociationRequestFields]: AssociationRequestFields[K] } = {};
  if (ids !== undefined) fields.PrerequisitePackageIds = ids;
  if (roleArn !== undefined) fields.KeyAccessRoleArn = roleArn;
  return fields;
}

/** The request body; empty for a dictionary, so its AssociatePackage stays as before. */
export function associationRequestBody(fields: AssociationRequestFields): AssociationRequestBody {
  const body: { -readonly [K in keyof AssociationRequestBody]: AssociationRequestBody[K] } = {};
  if (fields.PrerequisitePackageIds !== undefined) body.PrerequisitePackageIDList = fields.PrerequisitePackageIds.split(',');
  if (fields.KeyAccessRoleArn !== undefined) {
    body.AssociationConfiguration = { KeyStoreAccessOption: { KeyStoreAccessEnabled: true, KeyAccessRoleArn: fields.KeyAccessRoleArn } };
  }
  return body;
}

/** Whether the body fields differ from the old properties' (an update must then associate again). */
export function requestFieldsChanged(fields: AssociationRequestFields, old: RawProperties): boolean {
  const previous = parseAssociationRequestFields(old);
  return previous.PrerequisitePackageIds !== fields.PrerequisitePackageIds || previous.KeyAccessRoleArn !== fields.KeyAccessRoleArn;
}

/**
 * Fails, naming the way to do it, when an update would change the prerequisites or key-store access of
 * an association the domain has: the service keeps those it was associated with (AssociatePackage
 * answers "already in desired state"), so reporting success would change nothing.
 */
export function refuseRequestFieldsChange(target: { domainName: string; packageId: string }, old: RawProperties,
  fields: AssociationRequestFields, existing: { DomainPackageStatus?: string }): never {
  const previous = parseAssociationRequestFields(old);
  const changes: string[] = [];
  if (previous.KeyAccessRoleArn !== fields.KeyAccessRoleArn) {
    changes.push(`keyStoreAccessRole from ${previous.KeyAccessRoleArn ?? 'none'} to ${fields.KeyAccessRoleArn ?? 'none'}`);
  }
  if (previous.PrerequisitePackageIds !== fields.PrerequisitePackageIds) {
    changes.push(`prerequisitePackageIds from ${previous.PrerequisitePackageIds ?? 'none'} to ${fields.PrerequisitePackageIds ?? 'none'}`);
  }
  throw new Error(`Can't change ${changes.join(' and ')} of package ${target.packageId} on domain ${target.domainName} in place `
    + `(the association is ${existing.DomainPackageStatus ?? 'listed'}): the service keeps what a package was associated with `
    + '(AssociatePackage answers that it is already in desired state). Remove the association from the stack, deploy, '
    + 'then add it back with the new settings; nothing was changed');
}

/**
 * Checks the custom resource's `ResourceProperties` and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */
export function parseAssociationProperties(raw: RawProperties): AssociationProperties {
  const domainName = requiredDomainName(raw);
  const packageId = requiredPackageId(raw, 'PackageId');
  const packageVersion = optionalString(raw, 'PackageVersion');
  const base = packageVersion === undefined
    ? { DomainName: domainName, PackageId: packageId }
    : { DomainName: domainName, PackageId: packageId, PackageVersion: packageVersion };
  return { ...base, ...parseAssociationRequestFields(raw) };
}
