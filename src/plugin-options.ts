import * as iam from 'aws-cdk-lib/aws-iam';
import { ICustomPackage } from './custom-package';

/**
 * How much a plugin needs a license or configuration package (`RequirementLevel` in the API).
 *
 * See PackageConfiguration in the API reference:
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_PackageConfiguration.html
 */
export enum Requirement {
  /** The plugin needs the package. */
  REQUIRED = 'REQUIRED',
  /** The plugin can use the package but does not need it. */
  OPTIONAL = 'OPTIONAL',
  /** The plugin takes no such package. */
  NONE = 'NONE',
}

/**
 * What a `ZIP-PLUGIN` package needs besides its file: the API's `PackageConfiguration`.
 */
export interface PluginConfiguration {
  /** Whether the plugin needs a license package (`PACKAGE-LICENSE`). */
  readonly licenseRequirement: Requirement;

  /** Whether the plugin needs a configuration package (`PACKAGE-CONFIG`). */
  readonly configurationRequirement: Requirement;

  /**
   * Path of the license inside the plugin, relative (no `..`), at most 256 characters; the API calls it
   * `LicenseFilepath`.
   *
   * @default - none
   */
  readonly licenseFilepath?: string;

  /**
   * Whether updating the configuration this plugin is a prerequisite of needs a blue/green deployment
   * of the domain (`RequiresRestartForConfigurationUpdate`).
   *
   * @default - not set: the service decides
   */
  readonly requiresRestartForConfigurationUpdate?: boolean;
}

/**
 * Access to a key store for the associated package: the API's `AssociationConfiguration.KeyStoreAccessOption`.
 */
export interface KeyStoreAccess {
  /**
   * The role the service uses to reach the key store (`KeyAccessRoleArn`). The handlers get
   * `iam:PassRole` on exactly this role, only towards `es.amazonaws.com`.
   */
  readonly role: iam.IRole;
}

/**
 * Plugin settings of an association: prerequisites and key-store access.
 */
export interface PluginAssociationOptions {
  /**
   * Packages that must be associated with the domain before this one (`PrerequisitePackageIDList`).
   *
   * The developer guide's third-party example makes the plugin (`ZIP-PLUGIN`) the prerequisite of its
   * license and configuration packages
   * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/plugins-third-party.html):
   * associate the plugin first, then the license and configuration with `prerequisites: [plugin]`.
   * Each prerequisite must be associated with the same domain in this stack; this association waits
   * for it. The service keeps the prerequisites an association was made with: a deployment that
   * changes them (or `prerequisitePackageIds`) on an existing association fails without changing
   * anything; remove the association, deploy, then add it back.
   *
   * @default - no prerequisites
   */
  readonly prerequisites?: ICustomPackage[];

  /**
   * Ids of prerequisite packages associated with the domain outside this stack, e.g. `pkg-0123abcd`.
   *
   * @default - none
   */
  readonly prerequisitePackageIds?: string[];

  /**
   * Key-store access for the package (`KeyStoreAccessOption`). The service keeps the access an
   * association was made with: a deployment that changes it on an existing association fails without
   * changing anything; remove the association, deploy, then add it back.
   *
   * @default - no key-store access
   */
  readonly keyStoreAccess?: KeyStoreAccess;
}
