import { Fn } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { declaredPackageType } from './declared-types';
import { grantPassKeyAccessRole } from './plugin-grants';
import { validatePrerequisitePackageIds } from './plugin-validation';
import { PackagesProvider } from './provider';
import { AssociationProperties } from '../handler-contract/contract';
import { PluginAssociationOptions } from '../plugin-options';

type PluginAssociationProperties = Pick<AssociationProperties, 'PrerequisitePackageIds' | 'KeyAccessRoleArn'>;

/**
 * The plugin side of a PackageAssociation (its scope is the package when made by `associateWith()`):
 * checks the prerequisite ids, grants `iam:PassRole` on the key-access role, and returns the custom
 * resource properties.
 */
export function setUpPluginAssociation(association: IConstruct, provider: PackagesProvider,
  options: PluginAssociationOptions): PluginAssociationProperties {
  const ids = options.prerequisitePackageIds ?? [];
  validatePrerequisitePackageIds(association, declaredPackageType(association.node.scope), ids);
  const role = options.keyStoreAccessRole;
  return {
    PrerequisitePackageIds: ids.length === 0 ? undefined : Fn.join(',', ids),
    KeyAccessRoleArn: role && grantPassKeyAccessRole(association, provider, role),
  };
}
