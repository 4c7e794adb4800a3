/**
 * UpdatePackageScope: who besides the owner may view and associate a package.
 *
 * Documented (API model, botocore opensearch/2021-01-01, and
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_UpdatePackageScope.html):
 * - `PackageID`, `Operation` (`ADD | OVERRIDE | REMOVE`) and `PackageUserList` are required; each user is
 *   a 12-digit account id or `GLOBAL` (pattern `^[0-9]{12}$|^GLOBAL$`, 6-12 characters).
 * - The reply lists the users "who have access to the package after the scope update".
 * - Errors: ValidationException, ResourceNotFoundException, DisabledOperationException, BaseException,
 *   InternalException. `PackageDetails.AllowListedUserList` shows the users, to the owner only, and
 *   `PackageOwner` is the one "allowed to ... add users to the package scope".
 *
 * Silent, so the emulator takes the stricter choice (listed in README.md):
 * - a package whose vending is not enabled (`PackageVendingOptions.VendingEnabled`) can't be shared:
 *   DisabledOperationException;
 * - only an `AVAILABLE` package can be shared (not while COPYING, VALIDATING, failed or DELETING):
 *   ValidationException;
 * - an empty `PackageUserList`, a repeated user, or the owner's own account is a ValidationException.
 */
import { ServiceError, validationError } from './errors';
import type { PackageStatus } from './model';
import { checkPackageId } from './validation';

export type PackageScopeOperation = 'ADD' | 'OVERRIDE' | 'REMOVE';

const OPERATIONS: readonly PackageScopeOperation[] = ['ADD', 'OVERRIDE', 'REMOVE'];
const PACKAGE_USER_PATTERN = /^[0-9]{12}$|^GLOBAL$/;

/** A shape-checked UpdatePackageScope request. */
export interface PackageScopeRequest {
  readonly packageId: string;
  readonly operation: PackageScopeOperation;
  readonly users: readonly string[];
}

/** Checks the body of UpdatePackageScope against the model (and the stricter choices above). */
export function checkPackageScopeRequest(body: Readonly<Record<string, unknown>>): PackageScopeRequest {
  const packageId = checkPackageId(body.PackageID);
  const operation = body.Operation;
  if (typeof operation !== 'string' || !(OPERATIONS as readonly string[]).includes(operation)) {
    throw validationError(`1 validation error detected: Value '${String(operation)}' at 'operation' failed to satisfy constraint: `
      + `Member must satisfy enum value set: [${OPERATIONS.join(', ')}]`);
  }
  const list = body.PackageUserList;
  if (!Array.isArray(list)) {
    throw validationError("1 validation error detected: Value at 'packageUserList' failed to satisfy constraint: Member must not be null");
  }
  list.forEach((user, i) => {
    if (typeof user !== 'string' || !PACKAGE_USER_PATTERN.test(user)) {
      throw validationError(`1 validation error detected: Value '${String(user)}' at 'packageUserList.${i + 1}.member' failed to satisfy `
        + 'constraint: Member must satisfy regular expression pattern: ^[0-9]{12}$|^GLOBAL$');
    }
  });
  if (list.length === 0) {
    throw validationError('PackageUserList must name at least one user');
  }
  const repeated = list.find((user, i) => list.indexOf(user) !== i);
  if (repeated !== undefined) {
    throw validationError(`PackageUserList names ${String(repeated)} more than once`);
  }
  return { packageId, operation: operation as PackageScopeOperation, users: list as string[] };
}

/** The package as the scope rules see it. */
export interface ScopedPackage {
  readonly id: string;
  readonly owner: string;
  readonly status: PackageStatus;
  readonly vendingEnabled: boolean;
  readonly users: readonly string[];
}

/** The package's users after the request, or the refusal. */
export function applyPackageScope(pkg: ScopedPackage, request: PackageScopeRequest, callerAccount: string): string[] {
  if (pkg.owner !== callerAccount) {
    // PackageOwner is the one "allowed to create and update a package and add users to the package scope".
    throw validationError(`Package ${pkg.id} is owned by ${pkg.owner}: only its owner can update its scope`);
  }
  if (!pkg.vendingEnabled) {
    throw new ServiceError('DisabledOperationException', `Package ${pkg.id} does not have vending enabled: its scope can't be updated`);
  }
  if (pkg.status !== 'AVAILABLE') {
    throw validationError(`Package ${pkg.id} is ${pkg.status}: its scope can only be updated when it is AVAILABLE`);
  }
  if (request.users.includes(pkg.owner)) {
    throw validationError(`Package ${pkg.id} is owned by ${pkg.owner}: the owner can't be added to or removed from its scope`);
  }
  switch (request.operation) {
    case 'ADD': return [...pkg.users, ...request.users.filter((user) => !pkg.users.includes(user))];
    case 'REMOVE': return pkg.users.filter((user) => !request.users.includes(user));
    case 'OVERRIDE': return [...request.users];
  }
}
