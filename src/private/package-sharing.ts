import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Sharing a package with other accounts through UpdatePackageScope.
 *
 * Documented (API model, botocore opensearch/2021-01-01;
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_UpdatePackageScope.html):
 * each `PackageUserList` entry is a 12-digit account id or `GLOBAL` (pattern `^[0-9]{12}$|^GLOBAL$`);
 * the model sets no limit on the list's length. `PackageVendingOptions.VendingEnabled` says whether
 * "the package vending feature is enabled, allowing the package to be used by other users"
 * (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_PackageVendingOptions.html).
 *
 * Our stricter choices, where the docs are silent: sharing needs `vending: true` (so `ZIP-PLUGIN`
 * only); no account twice; not the stack's own account (the owner has the package already); `GLOBAL`
 * alone, never mixed with account ids.
 */

export const GLOBAL_USER = 'GLOBAL';
const ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * `es:UpdatePackageScope` has no resource type in the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html),
 * so it can only be granted on `*`. Least privilege: only stacks with a shared package get it.
 */
export const PACKAGE_SCOPE_ACTION = 'es:UpdatePackageScope';

const granted = new WeakSet<iam.IGrantable>();

/** Adds `es:UpdatePackageScope` on `*` to the handlers' role, once. */
export function grantPackageScope(grantee: iam.IGrantable): void {
  if (granted.has(grantee)) return;
  granted.add(grantee);
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [PACKAGE_SCOPE_ACTION], resources: ['*'] }));
}

function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/** The accounts a package is shared with, checked as they are added, and its `SharedWith` property. */
export class SharingList {
  private readonly users: string[] = [];

  constructor(private readonly scope: IConstruct, private readonly vending: boolean | undefined) {}

  /** Checks and adds accounts (or GLOBAL); the first one grants the handlers UpdatePackageScope. */
  public add(accounts: readonly string[], grantee: iam.IGrantable): void {
    if (accounts.length === 0) return;
    if (this.vending !== true) {
      fail(this.scope, 'sharedWith needs vending: true (PackageVendingOptions.VendingEnabled lets other accounts use the package)');
    }
    const ownAccount = Stack.of(this.scope).account;
    for (const account of accounts) {
      // A token (another stack's account, a parameter) is checked by the handler at deploy time.
      if (!Token.isUnresolved(account) && account !== GLOBAL_USER && !ACCOUNT_ID.test(account)) {
        fail(this.scope, `sharedWith entry "${account}" must be a 12-digit account id or ${GLOBAL_USER}`);
      }
      if (this.users.includes(account)) {
        fail(this.scope, `sharedWith names ${account} more than once`);
      }
      if (!Token.isUnresolved(ownAccount) && account === ownAccount) {
        fail(this.scope, `sharedWith names the stack's own account ${account}, which owns the package already`);
      }
      this.users.push(account);
    }
    if (this.users.includes(GLOBAL_USER) && this.users.length > 1) {
      fail(this.scope, `sharedWith takes ${GLOBAL_USER} alone, not together with account ids`);
    }
    grantPackageScope(grantee);
  }

  /** The `SharedWith` resource property: comma-joined, absent while the list is empty. */
  public property(): string {
    return Lazy.string({ produce: () => (this.users.length > 0 ? this.users.join(',') : undefined) });
  }
}
