/**
 * Sharing a package with other accounts: `UpdatePackageScope`, from the package's
 * `SharedWith` property (account ids or `GLOBAL`, comma-joined).
 *
 * API (botocore opensearch/2021-01-01 model;
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_UpdatePackageScope.html):
 * `PackageID`, `Operation` (`ADD | OVERRIDE | REMOVE`) and `PackageUserList` are required; each user
 * matches `^[0-9]{12}$|^GLOBAL$`. `PackageDetails.AllowListedUserList` shows the users to the owner.
 *
 * The docs don't say whether a package still being copied or validated can be shared, so we share
 * once it is AVAILABLE, before reporting the resource complete. We never send an empty list (the
 * model sets no minimum, and is silent on what an empty OVERRIDE means): the users we shared are
 * taken back with REMOVE, on an update that drops them and before DeletePackage, and only those the
 * package lists: a share that never happened (an OVERRIDE refused on create) has nothing to undo.
 */
import { PackageScopeOperationEnum, UpdatePackageScopeCommand } from '@aws-sdk/client-opensearch';
import type { OpenSearchClient, PackageDetails } from '@aws-sdk/client-opensearch';
import { echo, callOrFail, isTransient } from '../shared/errors';
import { optionalString, RawProperties } from '../shared/events';

/** PackageUser in the API model. */
const PACKAGE_USER = /^[0-9]{12}$|^GLOBAL$/;

/** The users in a `SharedWith` property, checked against the model's pattern; [] when absent. */
export function parseSharedWith(raw: RawProperties): string[] {
  const value = optionalString(raw, 'SharedWith');
  if (value === undefined) return [];
  const users = value.split(',');
  for (const user of users) {
    if (!PACKAGE_USER.test(user)) {
      throw new Error(`Invalid SharedWith entry "${echo(user, 32)}": expected a 12-digit account id or GLOBAL`);
    }
  }
  return users;
}

/** `SharedWith` checked, for the typed properties: a malformed entry fails the request before any call. */
export function checkedSharedWith(raw: RawProperties): string | undefined {
  const users = parseSharedWith(raw);
  return users.length > 0 ? users.join(',') : undefined;
}

/** What was asked of the service: for the step's log line. */
export type ScopeOutcome = 'unchanged' | 'shared' | 'unshared' | 'not-shared' | `unshare-refused: ${string}`;

/**
 * Brings the package's users in line with `SharedWith` once it is AVAILABLE. OVERRIDE makes the
 * list exactly ours (idempotent, so a repeated isComplete is harmless); when the list became empty,
 * the users the previous deployment shared are removed.
 */
export async function applySharing(client: OpenSearchClient, details: PackageDetails, ref: string,
  properties: RawProperties, oldProperties: RawProperties | undefined): Promise<ScopeOutcome> {
  const wanted = parseSharedWith(properties);
  const current = details.AllowListedUserList;
  if (wanted.length > 0) {
    if (current !== undefined && sameUsers(current, wanted)) return 'unchanged';
    await updateScope(client, details.PackageID!, ref, PackageScopeOperationEnum.OVERRIDE, wanted);
    return 'shared';
  }
  const before = oldProperties ? parseSharedWith(oldProperties) : [];
  return await unshare(client, details, ref, before) ? 'unshared' : 'not-shared';
}

/**
 * Before DeletePackage: takes back the users this stack shared the package with. A refused REMOVE
 * (an SCP denying it, say) does not block the deletion, which takes the package from every user
 * anyway; the outcome says it was refused. A lost or unreadable reply still fails: the next poll retries.
 */
export async function removeSharing(client: OpenSearchClient, details: PackageDetails, ref: string,
  properties: RawProperties | undefined): Promise<ScopeOutcome> {
  const ours = properties ? parseSharedWith(properties) : [];
  try {
    return await unshare(client, details, ref, ours) ? 'unshared' : 'not-shared';
  } catch (error) {
    if (isTransient(error)) throw error;
    const cause = (error as { cause?: unknown }).cause;
    return `unshare-refused: ${cause instanceof Error ? cause.name : 'UnknownError'}`;
  }
}

/** REMOVEs those of `ours` the package lists; a package that shows no list is shared with no one. */
async function unshare(client: OpenSearchClient, details: PackageDetails, ref: string, ours: string[]): Promise<boolean> {
  const listed = details.AllowListedUserList ?? [];
  const remaining = ours.filter((user) => listed.includes(user));
  if (remaining.length === 0) return false;
  await updateScope(client, details.PackageID!, ref, PackageScopeOperationEnum.REMOVE, remaining);
  return true;
}

async function updateScope(client: OpenSearchClient, packageId: string, ref: string,
  operation: PackageScopeOperationEnum, users: string[]): Promise<void> {
  await callOrFail('UpdatePackageScope', ref, () => client.send(new UpdatePackageScopeCommand({ PackageID: packageId, Operation: operation, PackageUserList: users })));
}

function sameUsers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((user) => b.includes(user));
}
