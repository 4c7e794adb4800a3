import { Fn, Token } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { IConstruct } from 'constructs';
import { PluginAssociationOptions } from './plugin-options';
import { validatePrerequisites } from './plugin-validation';
import { AssociationProperties } from './private/contract';
import { declaredPackageType } from './private/declared-types';
import { grantPassKeyAccessRole } from './private/plugin-grants';
import { PackagesProvider } from './private/provider';
import { validatePackageId } from './private/validation';

/** Each package's associations in the stack, by domain, so a dependent association can wait for its prerequisite's. */
const associationsOf = new WeakMap<IConstruct, Map<string, IConstruct>>();

function domainKey(domain: opensearch.IDomain): string {
  return Token.isUnresolved(domain.domainName) ? domain.node.path : domain.domainName;
}

type PluginAssociationProperties = Pick<AssociationProperties, 'PrerequisitePackageIds' | 'KeyAccessRoleArn'>;

/**
 * The plugin side of a PackageAssociation (`scope` is the package when made by `associateWith()`):
 * checks the prerequisites, orders the association after theirs, grants `iam:PassRole` on the
 * key-access role, and returns the custom resource properties.
 */
export function setUpPluginAssociation(association: IConstruct, domain: opensearch.IDomain, provider: PackagesProvider,
  options: PluginAssociationOptions): PluginAssociationProperties {
  const scope = association.node.scope;
  if (scope) {
    const byDomain = associationsOf.get(scope) ?? new Map<string, IConstruct>();
    associationsOf.set(scope, byDomain);
    byDomain.set(domainKey(domain), association);
  }

  const prerequisites = options.prerequisites ?? [];
  const extraIds = options.prerequisitePackageIds ?? [];
  extraIds.forEach((id) => validatePackageId(association, id));
  validatePrerequisites(association, declaredPackageType(scope), prerequisites.map((p) => ({
    path: p.node.path, packageType: declaredPackageType(p),
  })));
  for (const prerequisite of prerequisites) {
    // A single AssociatePackage needs its prerequisites associated already (API reference, AssociatePackage).
    const theirs = associationsOf.get(prerequisite)?.get(domainKey(domain));
    if (!theirs) {
      const fix = 'associate it first (associateWith), or give its id in prerequisitePackageIds';
      throw new Error(`${association.node.path}: prerequisite ${prerequisite.node.path} is not associated with domain ${domain.node.path} in this stack: ${fix}`);
    }
    association.node.addDependency(theirs);
  }

  const role = options.keyStoreAccess?.role;
  if (role) {
    grantPassKeyAccessRole(provider, role);
    // The association passes the role: the grant must be in place first.
    association.node.addDependency(provider.policy);
  }

  const ids = [...prerequisites.map((p) => p.packageId), ...extraIds];
  return {
    PrerequisitePackageIds: ids.length === 0 ? undefined : Fn.join(',', ids),
    KeyAccessRoleArn: role?.roleArn,
  };
}
