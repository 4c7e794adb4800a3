import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * How much a plugin needs a license or configuration package (`RequirementLevel` in the API).
 *
 * See PackageConfiguration in the API reference:
 * https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_PackageConfiguration.html
 */
export enum RequirementLevel {
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
  readonly licenseRequirement: RequirementLevel;

  /** Whether the plugin needs a configuration package (`PACKAGE-CONFIG`). */
  readonly configurationRequirement: RequirementLevel;

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
 * Plugin settings of a single association, for the cases `PluginInstallation` can't serve: a license
 * or configuration whose plugin is associated outside this stack, and a plugin with neither that
 * needs key-store access. A plugin with its license and configuration in this stack is installed
 * with `PluginInstallation`.
 */
export interface PluginAssociationOptions {
  /**
   * Ids of the plugins this license or configuration package needs associated first
   * (`PrerequisitePackageIDList`), for a plugin associated with the domain outside this stack (by
   * another stack's `PluginInstallation`, the console, a script), e.g. `pkg-0123abcd`. Only for
   * `PACKAGE-LICENSE` and `PACKAGE-CONFIG` packages: the developer guide's third-party example makes
   * the plugin their prerequisite
   * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/plugins-third-party.html).
   * The service keeps what an association was made with: a deployment that changes it on an existing
   * association fails without changing anything; remove the association, deploy, then add it back.
   *
   * @default - no prerequisites
   */
  readonly prerequisitePackageIds?: string[];

  /**
   * The role the service uses to reach the key store (`AssociationConfiguration.KeyStoreAccessOption`:
   * `KeyStoreAccessEnabled: true` with this `KeyAccessRoleArn`), for a plugin associated without a
   * license or configuration package. The handlers get `iam:PassRole` on exactly this role, only
   * towards `es.amazonaws.com`.
   * The service keeps what an association was made with: a deployment that changes it on an existing
   * association fails without changing anything; remove the association, deploy, then add it back.
   *
   * @default - no key-store access
   */
  readonly keyStoreAccessRole?: iam.IRole;
}
