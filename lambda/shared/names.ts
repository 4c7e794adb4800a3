/**
 * Shapes of the identifiers the OpenSearch Service package API accepts (see the API reference of
 * AssociatePackage). Checked here so a typo fails fast with a message naming the field instead of
 * a service ValidationException after several retries.
 */

/** Domain names: 3-28 characters, a lowercase letter first, then lowercase letters, digits and hyphens. */
const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
const DOMAIN_NAME_MIN_LENGTH = 3;
const DOMAIN_NAME_MAX_LENGTH = 28;

/** Package ids: `F123…`/`G123…` (custom and plugin packages) or `pkg-0a1b…` (newer package types). */
const PACKAGE_ID_PATTERN = /^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$/;

export const DOMAIN_NAME_RULE = `3-28 characters matching ${DOMAIN_NAME_PATTERN.source}`;
export const PACKAGE_ID_RULE = `a package id matching ${PACKAGE_ID_PATTERN.source}`;

export function isDomainName(value: string): boolean {
  return value.length >= DOMAIN_NAME_MIN_LENGTH
    && value.length <= DOMAIN_NAME_MAX_LENGTH
    && DOMAIN_NAME_PATTERN.test(value);
}

export function isPackageId(value: string): boolean {
  return PACKAGE_ID_PATTERN.test(value);
}

/** Package names (CreatePackage API reference): 3-256 characters matching [a-z][a-z0-9\-]+. */
const PACKAGE_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
const PACKAGE_NAME_MIN_LENGTH = 3;
const PACKAGE_NAME_MAX_LENGTH = 256;

export const PACKAGE_NAME_RULE = `3-256 characters matching ${PACKAGE_NAME_PATTERN.source}`;

export function isPackageName(value: string): boolean {
  return value.length >= PACKAGE_NAME_MIN_LENGTH
    && value.length <= PACKAGE_NAME_MAX_LENGTH
    && PACKAGE_NAME_PATTERN.test(value);
}
