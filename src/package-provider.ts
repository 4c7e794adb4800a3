import { Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { PackagesProvider } from './private/provider';
import { validatePollInterval } from './private/validation';

/**
 * Settings shared by every resource of this library in a stack: they belong to the stack's one
 * custom resource provider, not to a construct.
 */
export interface PackageProviderSettings {
  /**
   * How often a deployment asks the service whether a package or an association has settled.
   *
   * Whole seconds from 1 second to 5 minutes that divide one hour. Changing it later updates the
   * provider in place. A deployment completes on average half an interval after the service settles;
   * each poll is one `ListPackagesForDomain` or `DescribePackages` call per waiting resource.
   *
   * @default Duration.seconds(5)
   */
  readonly pollInterval?: Duration;

  /**
   * How long the logs of the handlers (and of the provider framework) are kept.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The custom resource provider behind every `CustomPackage`, `PackageAssociation` and package
 * look-up in a stack. There is one per stack, created by the first of them, and nothing a construct
 * sets changes it, so every setting can change after the first deployment.
 *
 * @example
 * PackageProvider.configure(this, { pollInterval: Duration.seconds(30), logRetention: logs.RetentionDays.ONE_WEEK });
 */
export class PackageProvider {
  /**
   * Sets the stack's provider settings. Call it at most once per stack, before the stack's first
   * `CustomPackage`, `PackageAssociation` or look-up, which would create the provider with the defaults.
   *
   * @param scope any construct in the stack
   */
  public static configure(scope: IConstruct, settings: PackageProviderSettings): void {
    if (settings.pollInterval !== undefined) validatePollInterval(scope, settings.pollInterval);
    if (!PackagesProvider.tryCreate(scope, settings)) {
      const rule = "PackageProvider.configure() must be called at most once per stack, and before the stack's first CustomPackage, PackageAssociation or package look-up";
      throw new Error(`${Stack.of(scope).node.path}: ${rule}, which creates the provider with the default settings`);
    }
  }

  private constructor() {}
}
