/**
 * What the emulator models of plugins: the plugin fields a package and an association
 * carry (their wire types are in model.ts), and the rules of prerequisites. Sources, and where
 * the docs are silent, our stricter choice (listed in README.md):
 * - AssociatePackage API reference: prerequisites "must be associated with the domain before the
 *   package specified in the request can be associated"
 *   (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_AssociatePackage.html).
 * - Third-party plugins page: the plugin is the prerequisite of its license and configuration packages
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/plugins-third-party.html).
 * - Custom plugins page: plugins are installed and uninstalled with a blue/green deployment; dissociating
 *   the plugin also removes its license and configuration packages; OpenSearch 2.15 or later
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-plugins.html).
 */
import { ServiceError, validationError } from './errors';
import type { AssociationConfiguration, DomainPackageStatus, PackageConfiguration, PluginPackageFields } from './model';
import type { PackageType } from './validation';

/** The body of AssociatePackage (or one entry of AssociatePackages). */
export interface AssociationRequestFields {
  readonly prerequisites?: readonly string[];
  readonly configuration?: AssociationConfiguration;
}

/** Reads the plugin fields of a CreatePackage/UpdatePackage body that `checkPluginOptions` accepted. */
export function pluginPackageFields(body: Readonly<Record<string, unknown>>): PluginPackageFields {
  return {
    configuration: body.PackageConfiguration as PackageConfiguration | undefined,
    encryption: body.PackageEncryptionOptions as PluginPackageFields['encryption'],
    vending: body.PackageVendingOptions as PluginPackageFields['vending'],
  };
}

/** Reads the body of an AssociatePackage that `checkAssociationConfiguration` accepted. */
export function associationRequestFields(body: Readonly<Record<string, unknown>>): AssociationRequestFields {
  return {
    prerequisites: body.PrerequisitePackageIDList as string[] | undefined,
    configuration: body.AssociationConfiguration as AssociationConfiguration | undefined,
  };
}

/** A package as the rules see it. */
export interface PackageView {
  readonly id: string;
  readonly type: PackageType;
  readonly engineVersion?: string;
  readonly configuration?: PackageConfiguration;
}

/** A prerequisite named in the request: the package (undefined when there is none) and its status on the domain. */
export interface PrerequisiteView {
  readonly id: string;
  readonly pkg?: PackageView;
  /** Status on the domain: undefined when not associated; `BATCH` when it comes in the same AssociatePackages call. */
  readonly status?: DomainPackageStatus | 'BATCH';
}

/**
 * The refusal of associating `pkg` with its prerequisites, or undefined. The error codes and messages
 * are ours: the docs name neither for a missing prerequisite.
 */
export function prerequisiteRefusal(domainName: string, pkg: PackageView, prerequisites: readonly PrerequisiteView[]): ServiceError | undefined {
  for (const p of prerequisites) {
    if (!p.pkg) {
      return new ServiceError('ResourceNotFoundException', `Prerequisite package ${p.id} not found.`);
    }
    // Documented: "before" (single call) or "before or simultaneously" (batch). ACTIVE, not ASSOCIATING: our stricter choice.
    if (p.status !== 'ACTIVE' && p.status !== 'BATCH') {
      return validationError(`Prerequisite package ${p.id} is not associated with domain ${domainName}`
        + `${p.status ? ` (its status is ${p.status})` : ''}. Associate it first.`);
    }
  }
  if (pkg.type !== 'PACKAGE-LICENSE' && pkg.type !== 'PACKAGE-CONFIG') {
    return undefined;
  }
  // Stricter choice: a license or configuration belongs to a plugin, which the docs make its prerequisite.
  const plugins = prerequisites.filter((p) => p.pkg?.type === 'ZIP-PLUGIN');
  if (plugins.length === 0) {
    return validationError(`Package ${pkg.id} of type ${pkg.type} needs its plugin (a ZIP-PLUGIN package) in PrerequisitePackageIDList.`);
  }
  // Stricter choice: a plugin whose configuration takes no such package refuses one.
  const field = pkg.type === 'PACKAGE-LICENSE' ? 'LicenseRequirement' : 'ConfigurationRequirement';
  const refusing = plugins.find((p) => p.pkg?.configuration?.[field] === 'NONE');
  if (refusing) {
    return validationError(`Plugin ${refusing.id} takes no ${pkg.type} package (its ${field} is NONE).`);
  }
  return undefined;
}

/**
 * Stricter choice: a plugin is built for one engine version (a new engine needs a new package), so a
 * domain on another engine refuses it. Custom plugins need OpenSearch 2.15 or later (documented).
 */
export function engineRefusal(domainName: string, domainEngine: string | undefined, pkg: PackageView): ServiceError | undefined {
  if (pkg.type !== 'ZIP-PLUGIN' || domainEngine === undefined || pkg.engineVersion === undefined) return undefined;
  if (pkg.engineVersion !== domainEngine) {
    return validationError(`Plugin ${pkg.id} is built for ${pkg.engineVersion}, but domain ${domainName} runs ${domainEngine}.`);
  }
  return undefined;
}

/**
 * Stricter choice: a plugin whose configuration marks its license or configuration REQUIRED is only
 * accepted in an AssociatePackages batch that brings the required packages (naming it as prerequisite),
 * or when the domain has them already. A single AssociatePackage of such a plugin goes ahead, because the
 * docs have the plugin associated before its license and configuration.
 */
export function requirementRefusal(pkg: PackageView, batch: ReadonlyArray<{ pkg: PackageView; prerequisites: readonly string[] }>,
  associatedDependents: readonly PackageView[]): ServiceError | undefined {
  const config = pkg.configuration;
  if (pkg.type !== 'ZIP-PLUGIN' || !config) return undefined;
  const dependents = [
    ...batch.filter((entry) => entry.prerequisites.includes(pkg.id)).map((entry) => entry.pkg),
    ...associatedDependents,
  ];
  const missing = ([['LicenseRequirement', 'PACKAGE-LICENSE'], ['ConfigurationRequirement', 'PACKAGE-CONFIG']] as const)
    .filter(([field, type]) => config[field] === 'REQUIRED' && !dependents.some((d) => d.type === type));
  if (missing.length > 0) {
    return validationError(`Plugin ${pkg.id} requires ${missing.map(([, type]) => `a ${type} package`).join(' and ')} `
      + 'associated with it in the same request.');
  }
  return undefined;
}
