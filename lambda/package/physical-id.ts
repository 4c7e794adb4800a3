/**
 * The physical id of `Custom::OpenSearchPackage`: the package id (`F123…`, `pkg-…`) for a package the
 * resource created, `adopted:<package id>` for one it took over (`adoptExisting`).
 *
 * Whether Create adopted is recorded here rather than in a property: Delete events carry only the
 * physical id and the properties, and a property says what the user asked for, not whether Create
 * found a package to adopt or made a new one. The physical id travels with the resource through
 * every Update, replacement and rollback, so no later change of properties can forget it. Handlers
 * of earlier versions see `adopted:…` as foreign and never delete it.
 */
import { isPackageId } from '../../src/handler-contract/rules';

const ADOPTED_PREFIX = 'adopted:';

/** What a physical id of ours says: which package, and whether the resource adopted it. */
export interface PackagePhysicalId {
  readonly packageId: string;
  readonly adopted: boolean;
}

export function formatPackagePhysicalId(packageId: string, adopted: boolean): string {
  return adopted ? `${ADOPTED_PREFIX}${packageId}` : packageId;
}

/** The package a physical id names, or undefined when it is not ours (a failed create's marker). */
export function parsePackagePhysicalId(physicalId: unknown): PackagePhysicalId | undefined {
  if (typeof physicalId !== 'string') return undefined;
  const adopted = physicalId.startsWith(ADOPTED_PREFIX);
  const packageId = adopted ? physicalId.slice(ADOPTED_PREFIX.length) : physicalId;
  return isPackageId(packageId) ? { packageId, adopted } : undefined;
}
