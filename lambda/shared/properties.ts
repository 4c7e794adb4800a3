import { DOMAIN_NAME_RULE, isDomainName, isPackageId, PACKAGE_ID_RULE } from './names';
import type { AssociationProperties } from '../../src/private/contract';

/**
 * Checks the custom resource's `ResourceProperties` and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */
export function parseAssociationProperties(raw: Record<string, unknown> | undefined): AssociationProperties {
  const domainName = requiredString(raw, 'DomainName');
  if (!isDomainName(domainName)) {
    throw new Error(`Invalid DomainName "${domainName}": expected ${DOMAIN_NAME_RULE}`);
  }
  const packageId = requiredString(raw, 'PackageId');
  if (!isPackageId(packageId)) {
    throw new Error(`Invalid PackageId "${packageId}": expected ${PACKAGE_ID_RULE}`);
  }
  const packageVersion = optionalString(raw, 'PackageVersion');
  return packageVersion === undefined
    ? { DomainName: domainName, PackageId: packageId }
    : { DomainName: domainName, PackageId: packageId, PackageVersion: packageVersion };
}

function requiredString(raw: Record<string, unknown> | undefined, field: keyof AssociationProperties): string {
  const value = raw?.[field];
  if (value === undefined || value === null || value === '') {
    throw new Error(`Missing required property ${field}`);
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid ${field}: expected a string, got ${typeof value}`);
  }
  return value;
}

/** An empty string counts as absent, so a caller may pass '' to mean "whatever version the service associates". */
function optionalString(raw: Record<string, unknown> | undefined, field: keyof AssociationProperties): string | undefined {
  const value = raw?.[field];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new Error(`Invalid ${field}: expected a string, got ${typeof value}`);
  }
  return value;
}
