import { CustomResource, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { ICustomPackage } from './custom-package';
import { ASSOCIATION_BATCH_RESOURCE_TYPE, AssociationBatchProperties } from './handler-contract/contract';
import { CONFIG_PACKAGE_TYPE, LICENSE_PACKAGE_TYPE, PLUGIN_PACKAGE_TYPE } from './handler-contract/rules';
import { declaredPackageType } from './private/declared-types';
import { chainOnDomain } from './private/domain-chain';
import { grantPassKeyAccessRole } from './private/plugin-grants';
import { DEFAULT_TIMEOUT, PackagesProvider, serviceTimeoutFor } from './private/provider';
import { registerAssociation } from './private/stack-quotas';
import { validateDomainName, validateRemovalPolicy, validateTimeout } from './private/validation';

/**
 * Properties of a PluginInstallation.
 */
export interface PluginInstallationProps {
  /**
   * The domain to install the plugin on. Another domain replaces the installation: it is made on the
   * new domain first, then removed from the old one.
   */
  readonly domain: opensearch.IDomain;

  /**
   * The plugin: a `ZIP-PLUGIN` package. Another plugin replaces the installation, and needs its own
   * license and configuration packages: a license or configuration names one plugin as prerequisite,
   * and removing the old installation would take them along (the deployment fails, changing nothing).
   */
  readonly plugin: ICustomPackage;

  /**
   * The plugin's license: a `PACKAGE-LICENSE` package, associated in the same call with the plugin as
   * its prerequisite. Adding, replacing or removing it later associates or dissociates only the license
   * (a new one before the old one leaves); the plugin stays installed. A license the plugin marks
   * `REQUIRED` can be replaced but not removed.
   *
   * @default - no license package (give a license, a configuration or both)
   */
  readonly license?: ICustomPackage;

  /**
   * The plugin's configuration: a `PACKAGE-CONFIG` package, associated in the same call with the
   * plugin as its prerequisite. Adding, replacing or removing it later associates or dissociates only
   * the configuration; the plugin stays installed. One the plugin marks `REQUIRED` can be replaced but
   * not removed.
   *
   * @default - no configuration package (give a license, a configuration or both)
   */
  readonly configuration?: ICustomPackage;

  /**
   * The role the service uses to reach the key store for the plugin (`KeyStoreAccessOption` on the
   * plugin's entry of the batch: `KeyStoreAccessEnabled: true` with this `KeyAccessRoleArn`). The
   * handlers get `iam:PassRole` on exactly this role, only towards `es.amazonaws.com`.
   * The service keeps the access the plugin was installed with: a deployment that changes it fails without
   * changing anything; remove the installation, deploy, then add it back.
   *
   * @default - no key-store access
   */
  readonly keyStoreAccessRole?: iam.IRole;

  /**
   * How long a deployment waits for every package to be `ACTIVE` (or, on removal, gone) before it fails.
   *
   * At most 1 hour: CloudFormation stops waiting on a custom resource after that.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the installation when it is removed from the stack or the stack is deleted.
   *
   * `DESTROY` dissociates the plugin and its packages in one DissociatePackages call; `RETAIN` leaves
   * them associated.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Installs a third-party plugin with its license and configuration packages on a domain in ONE
 * `AssociatePackages` call, as the developer guide's third-party plugins page does
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/plugins-third-party.html):
 * the plugin first, the license and configuration naming it in `PrerequisitePackageIDList` (the API
 * model lets a batch bring prerequisites "before or simultaneously"). The deployment waits until all
 * are `ACTIVE`. Removing it dissociates them in one `DissociatePackages` call.
 *
 * Only plugins with their license and configuration packages: the docs don't say whether a batch
 * accepts dictionaries, so dictionaries stay with `associateWith()`. So do the two plugin cases a batch
 * can't serve: a plugin with neither a license nor a configuration (`associateWith()`, with
 * `keyStoreAccessRole` if it needs one), and a license or configuration whose plugin is associated
 * outside this stack (`associateWith()` with `prerequisitePackageIds`).
 *
 * @example
 * declare const domain: opensearch.Domain;
 * declare const plugin: CustomPackage;
 * declare const license: CustomPackage;
 * new PluginInstallation(this, 'Lockbox', { domain, plugin, license });
 */
export class PluginInstallation extends Construct {
  /** Name of the domain the plugin is installed on. */
  public readonly domainName: string;

  /** Ids of the installed packages, the plugin first. */
  public readonly packageIds: string[];

  constructor(scope: Construct, id: string, props: PluginInstallationProps) {
    super(scope, id);

    const provider = PackagesProvider.getOrCreate(this);
    const timeout = props.timeout ?? DEFAULT_TIMEOUT;
    validateDomainName(this, props.domain.domainName);
    validateTimeout(this, timeout, provider.pollInterval);
    validateRemovalPolicy(this, props.removalPolicy, 'plugin installation');
    const dependents = [
      checkType(this, 'plugin', props.plugin, PLUGIN_PACKAGE_TYPE),
      props.license && checkType(this, 'license', props.license, LICENSE_PACKAGE_TYPE),
      props.configuration && checkType(this, 'configuration', props.configuration, CONFIG_PACKAGE_TYPE),
    ].slice(1).filter((p): p is ICustomPackage => p !== undefined);
    if (dependents.length === 0) {
      throw new Error(`${this.node.path}: give a license, a configuration or both; a plugin alone is associated with plugin.associateWith(domain)`);
    }

    this.domainName = props.domain.domainName;
    this.packageIds = [props.plugin.packageId, ...dependents.map((p) => p.packageId)];
    // Each pair counts once in the stack and towards the domain's quota, as a single association would.
    this.packageIds.forEach((packageId) => registerAssociation(this, props.domain.domainName, packageId));

    provider.grantDomainBatch(props.domain);
    const role = props.keyStoreAccessRole;

    const properties: AssociationBatchProperties = {
      DomainName: props.domain.domainName,
      PluginPackageId: props.plugin.packageId,
      DependentPackageIds: Fn.join(',', dependents.map((p) => p.packageId)),
      KeyAccessRoleArn: role && grantPassKeyAccessRole(this, provider, role),
      Timeout: String(timeout.toSeconds()),
    };
    new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ASSOCIATION_BATCH_RESOURCE_TYPE,
      properties,
      serviceTimeout: serviceTimeoutFor(timeout),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    chainOnDomain(this, props.domain);
  }
}

/** The package, once its declared type (known for CustomPackages of this stack) is the expected one. */
function checkType(scope: Construct, role: string, pkg: ICustomPackage, expected: string): ICustomPackage {
  const declared = declaredPackageType(pkg);
  if (declared !== undefined && declared !== expected) {
    throw new Error(`${scope.node.path}: ${role} ${pkg.node.path} must be a ${expected} package, not ${declared}; `
      + 'a batch installs only a plugin with its license and configuration (dictionaries are associated with associateWith())');
  }
  return pkg;
}
