import { CfnOutput, CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { ASSOCIATION_RESOURCE_TYPE, AssociationData, AssociationProperties } from './handler-contract/contract';
import { PluginAssociationOptions } from './plugin-options';
import { chainOnDomain } from './private/domain-chain';
import { setUpPluginAssociation } from './private/plugin-association';
import { DEFAULT_TIMEOUT, PackagesProvider, serviceTimeoutFor } from './private/provider';
import { registerAssociation } from './private/stack-quotas';
import {
  validateDomainName, validateOutputName, validatePackageId, validatePackageVersion, validateRemovalPolicy, validateTimeout,
} from './private/validation';

/**
 * How an association waits, is removed and is reported: the PackageAssociation props besides the
 * domain and the package, and what `associateWith()` takes.
 */
export interface AssociateWithOptions extends PluginAssociationOptions {
  /**
   * How long a deployment waits for the association (or dissociation) to finish before it fails.
   *
   * At most 1 hour: CloudFormation stops waiting on a custom resource after that. It can change after
   * the first deployment. How often the deployment checks is a stack-wide setting: see
   * `PackageProvider.configure()`.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * What happens to the association when it is removed from the stack or the stack is deleted.
   *
   * `DESTROY` dissociates the package from the domain; `RETAIN` leaves it associated.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether to add a stack output holding the reference path.
   *
   * @default true
   */
  readonly createOutput?: boolean;

  /**
   * Logical id of the stack output holding the reference path (letters and digits).
   *
   * @default - derived from the construct's path
   */
  readonly outputName?: string;
}

/**
 * Properties of a PackageAssociation.
 */
export interface PackageAssociationProps extends AssociateWithOptions {
  /**
   * The domain to associate the package with.
   */
  readonly domain: opensearch.IDomain;

  /**
   * Id of the custom package, e.g. `F123456789` (dictionaries) or `pkg-0123abcd` (newer plugin ids).
   *
   * Find it in the console or with `aws opensearch describe-packages`.
   */
  readonly packageId: string;

  /**
   * Version of the package the domain must run before the association is complete.
   *
   * When this changes, the package is associated again so that the domain moves to that version.
   *
   * @default - the version the service associates (the package's newest available version)
   */
  readonly packageVersion?: string;
}

/**
 * Associates an Amazon OpenSearch Service custom package (a synonyms or stopwords dictionary, a plugin)
 * with a domain, waits until the association is `ACTIVE`, and exposes where the package lives on the
 * domain (`referencePath`, e.g. `analyzers/F123456789`, the value of an analyzer's `synonyms_path`).
 *
 * Removing the construct (with the default removal policy) dissociates the package and waits until the
 * domain no longer lists it. Associations on the same domain in one stack are deployed one after another,
 * because a domain accepts one package operation at a time.
 *
 * @example
 * declare const domain: opensearch.Domain;
 * const synonyms = new PackageAssociation(this, 'Synonyms', { domain, packageId: 'F123456789' });
 * // synonyms.referencePath resolves to "analyzers/F123456789" at deploy time
 */
export class PackageAssociation extends Construct {
  /**
   * Where the package lives on the domain's nodes, e.g. `analyzers/F123456789`.
   *
   * Use it as `synonyms_path` or `stopwords_path` in an index's analysis settings.
   */
  public readonly referencePath: string;

  /** Version of the package the domain runs, e.g. `v1`. */
  public readonly packageVersion: string;

  /** Name of the package, as given when it was created. */
  public readonly packageName: string;

  /** Type of the package, e.g. `TXT-DICTIONARY`. */
  public readonly packageType: string;

  /** Id of the associated package. */
  public readonly packageId: string;

  /** Name of the domain the package is associated with. */
  public readonly domainName: string;

  /**
   * The stack output holding the reference path.
   *
   * @default - undefined when `createOutput` is false
   */
  public readonly output?: CfnOutput;

  constructor(scope: Construct, id: string, props: PackageAssociationProps) {
    super(scope, id);

    const provider = PackagesProvider.getOrCreate(this);
    const timeout = props.timeout ?? DEFAULT_TIMEOUT;
    validatePackageId(this, props.packageId);
    validatePackageVersion(this, props.packageVersion);
    validateDomainName(this, props.domain.domainName);
    validateTimeout(this, timeout, provider.pollInterval);
    if (props.outputName !== undefined) validateOutputName(this, props.outputName);
    validateRemovalPolicy(this, props.removalPolicy, 'package association');

    this.packageId = props.packageId;
    this.domainName = props.domain.domainName;
    registerAssociation(this, props.domain.domainName, props.packageId);

    provider.grantDomain(props.domain);

    const properties: AssociationProperties = {
      DomainName: props.domain.domainName,
      PackageId: props.packageId,
      PackageVersion: props.packageVersion,
      Timeout: String(timeout.toSeconds()),
      ...setUpPluginAssociation(this, provider, props),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ASSOCIATION_RESOURCE_TYPE,
      properties,
      serviceTimeout: serviceTimeoutFor(timeout),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });

    const attribute = (name: keyof AssociationData) => resource.getAttString(name);
    this.referencePath = attribute('ReferencePath');
    this.packageVersion = attribute('PackageVersion');
    this.packageName = attribute('PackageName');
    this.packageType = attribute('PackageType');

    chainOnDomain(this, props.domain);

    if (props.createOutput ?? true) {
      this.output = new CfnOutput(this, 'ReferencePathOutput', {
        value: this.referencePath,
        // Output descriptions must be literal strings, so name the construct rather than the (token) ids.
        description: `Reference path of the OpenSearch Service package associated by ${this.node.path}`,
      });
      if (props.outputName) this.output.overrideLogicalId(props.outputName);
    }
  }
}
