import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { PackagesProvider } from './provider';

/**
 * Grants the handlers need for plugin fields, each once per principal and resource.
 */
const granted = new WeakMap<iam.IGrantable, Set<string>>();

function once(grantee: iam.IGrantable, key: string): boolean {
  const seen = granted.get(grantee) ?? new Set<string>();
  granted.set(grantee, seen);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * The KMS actions the custom package KMS integration page has the key policy allow the caller of
 * CreatePackage/UpdatePackage, only through the custom-packages service
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-package-kms-integration.html).
 * The documented `kms:EncryptionContext:packageId` condition can't be written here: the id only exists
 * after CreatePackage.
 */
export const PACKAGE_KEY_ACTIONS = [
  'kms:CreateGrant',
  'kms:DescribeKey',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:Decrypt',
];

/** The `kms:ViaService` value of the custom-packages service in the stack's Region. */
export const CUSTOM_PACKAGES_VIA_SERVICE = `custom-packages.${Aws.REGION}.amazonaws.com`;

export function grantPackageKey(grantee: iam.IGrantable, key: kms.IKey): void {
  if (!once(grantee, `kms:${key.keyArn}`)) return;
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: PACKAGE_KEY_ACTIONS,
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': CUSTOM_PACKAGES_VIA_SERVICE } },
  }));
}

/**
 * AssociatePackage with key-store access passes the role to the service: the Service Authorization
 * Reference's operations table maps AssociatePackage to `iam:PassRole` with `iam:PassedToService`
 * `es.amazonaws.com` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html).
 * `association` passes the role, so it is deployed after the grant. Returns the role's ARN.
 */
export function grantPassKeyAccessRole(association: IConstruct, provider: PackagesProvider, role: iam.IRole): string {
  if (once(provider, `role:${role.roleArn}`)) {
    provider.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'es.amazonaws.com' } },
    }));
  }
  association.node.addDependency(provider.policy);
  return role.roleArn;
}
