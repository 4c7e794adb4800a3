import { parseAssociationRequestFields } from './association-request-body';
import type { AssociationProperties } from '../../src/handler-contract/contract';
import { DOMAIN_NAME_RULE, isDomainName, isPackageId, PACKAGE_ID_RULE } from '../../src/handler-contract/rules';
import { echo } from '../shared/errors';
import { optionalString, RawProperties, requiredString } from '../shared/events';

/**
 * Checks the custom resource's `ResourceProperties` and returns them typed.
 * Throws a message naming the offending field, which CloudFormation shows as the failure reason.
 */
export function parseAssociationProperties(raw: RawProperties): AssociationProperties {
  const domainName = requiredString(raw, 'DomainName');
  if (!isDomainName(domainName)) {
    throw new Error(`Invalid DomainName "${echo(domainName)}": expected ${DOMAIN_NAME_RULE}`);
  }
  const packageId = requiredString(raw, 'PackageId');
  if (!isPackageId(packageId)) {
    throw new Error(`Invalid PackageId "${echo(packageId)}": expected ${PACKAGE_ID_RULE}`);
  }
  const packageVersion = optionalString(raw, 'PackageVersion');
  const base = packageVersion === undefined
    ? { DomainName: domainName, PackageId: packageId }
    : { DomainName: domainName, PackageId: packageId, PackageVersion: packageVersion };
  return { ...base, ...parseAssociationRequestFields(raw) };
}
