import { CustomResource, Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct, IConstruct, IDependable } from 'constructs';
import { PACKAGE_RESOURCE_TYPE, PackageData, PackageLookupProperties, PackageProperties } from './handler-contract/contract';
import { AssociateWithOptions, PackageAssociation } from './package-association';
import { PackageSource } from './package-source';
import { PackageType } from './package-type';
import { PluginConfiguration } from './plugin-options';
import { adoptionProperties, validateAdoption } from './private/adoption';
import { declarePackageType } from './private/declared-types';
import { PackageLookup } from './private/package-lookup';
import { SharingList } from './private/package-sharing';
import { grantPackageKey } from './private/plugin-grants';
import { packagePluginProperties } from './private/plugin-properties';
import { validatePluginEngineVersion, validatePluginFields } from './private/plugin-validation';
import { DEFAULT_TIMEOUT, PackagesProvider, serviceTimeoutFor } from './private/provider';
import { registerCreatedPackage } from './private/stack-quotas';
import { StagingBucket } from './private/staging-bucket';
import {
  PACKAGE_NAME_MAX_LENGTH, validateCommitMessage, validateEngineVersion, validatePackageDescription,
  validatePackageId, validatePackageName, validatePackageType, validateRemovalPolicy, validateTimeout,
} from './private/validation';

/**
 * An OpenSearch Service package: one this stack owns (`CustomPackage`) or an existing one
 * (`CustomPackage.fromPackageName`, `CustomPackage.fromPackageId`).
 */
export interface ICustomPackage extends IConstruct {
  /** Id of the package, e.g. `F123456789`. */
  readonly packageId: string;

  /** Name of the package. */
  readonly packageName: string;

  /** Type of the package, e.g. `TXT-DICTIONARY`. */
  readonly packageType: string;

  /** Newest version of the package that passed validation, e.g. `v2`. */
  readonly availablePackageVersion: string;

  /**
   * Associates the package with a domain and waits until the domain can use it.
   *
   * @param domain the domain to associate the package with
   * @param options waiting, removal and output settings of the association
   */
  associateWith(domain: opensearch.IDomain, options?: AssociateWithOptions): PackageAssociation;
}

/**
 * Properties of a CustomPackage.
 */
export interface CustomPackageProps {
  /**
   * The file to import: `PackageSource.fromAsset(path)` or `PackageSource.fromBucket(bucket, key)`.
   *
   * A new file (a new asset hash, another key or object version) becomes a new package version,
   * which every association made with `associateWith()` rolls out to its domain.
   */
  readonly source: PackageSource;

  /**
   * Name of the package: 3-256 characters, a lowercase letter first, then lowercase letters, digits
   * and hyphens; unique in the account and Region. A new name replaces the package.
   *
   * @default - derived from the construct's path (stack name included), e.g. `mystack-search-synonyms-48df158a`
   */
  readonly packageName?: string;

  /**
   * Type of the package. A new type replaces the package, which also needs a new `packageName`
   * (names are unique, and the old package is deleted only after the new one exists).
   *
   * @default PackageType.TXT_DICTIONARY
   */
  readonly packageType?: PackageType;

  /**
   * Description of the package (at most 1024 characters). Changing it makes a new package version,
   * because the service only takes a description together with a file.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Commit message of the package version a changed file makes (at most 160 characters), shown by
   * GetPackageVersionHistory. The first version has none: CreatePackage takes no commit message.
   *
   * @default - the asset hash for `fromAsset`, the object version for `fromBucket`
   */
  readonly commitMessage?: string;

  /**
   * The engine version a `ZIP-PLUGIN` package is built for. Required for `ZIP-PLUGIN`, refused for
   * any other type. A new engine version replaces the package.
   *
   * @default - none (required for PackageType.ZIP_PLUGIN)
   */
  readonly engineVersion?: opensearch.EngineVersion;

  /**
   * What happens to the package when it is removed from the stack or the stack is deleted.
   *
   * `DESTROY` deletes the package once no domain has it associated any more (associations in this
   * stack are removed first); if a domain outside the stack still uses it, the deletion fails
   * instead of dissociating that domain. `RETAIN` keeps the package, and its name, in the Region.
   * A package taken over with `adoptExisting` is kept unless this is set to `DESTROY` explicitly.
   *
   * @default RemovalPolicy.DESTROY (a package the stack created); kept (a package it adopted)
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Take over the account's existing package of this `packageName` (made in the console, by a script,
   * by Terraform) instead of failing on the name. The package keeps its id and reference path, so
   * index settings that name `analyzers/F…` keep working; the file becomes its next version unless
   * the newest version already holds it. When no package has the name, one is created as without it.
   *
   * Only a package the account owns, of the same `packageType` (and, for a plugin, the same
   * `engineVersion` and `vending`) is taken; anything else fails the deployment and is left untouched.
   * An adopted package is kept when the resource is deleted, replaced or rolled back, unless
   * `removalPolicy` is `DESTROY`. The commit message is the library's (it names the file), so
   * `commitMessage` can't be set with it.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;

  /**
   * How long a deployment waits for the service to copy and validate the file (or to free the
   * package for deletion) before it fails. At most 1 hour; it can change after the first deployment.
   * How often the deployment checks is a stack-wide setting: see `PackageProvider.configure()`.
   *
   * @default Duration.minutes(30)
   */
  readonly timeout?: Duration;

  /**
   * What the plugin needs besides its file: license and configuration requirements
   * (`PackageConfiguration`). `ZIP-PLUGIN` only. A change makes a new package version.
   *
   * @default - none
   */
  readonly configuration?: PluginConfiguration;

  /**
   * A symmetric customer managed KMS key the service encrypts the plugin with
   * (`PackageEncryptionOptions`). `ZIP-PLUGIN` only. The handlers get the KMS actions the service's
   * grant needs, through `custom-packages.<region>.amazonaws.com` only; a key whose policy does not
   * delegate to IAM needs the statement shown in the README's "Plugins" section.
   *
   * @default - the service encrypts with an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether other accounts may use the package (`PackageVendingOptions.VendingEnabled`). `ZIP-PLUGIN`
   * only. The API takes it on CreatePackage only, so a change replaces the package.
   *
   * @default - not set
   */
  readonly vending?: boolean;

  /**
   * Accounts (12-digit ids) the package is shared with, or `['GLOBAL']`, through UpdatePackageScope
   * once the package is `AVAILABLE`; a change updates the list, and deleting the package takes the
   * sharing back first. Needs `vending: true`. More can be added with `shareWith()`.
   *
   * @default - not shared
   */
  readonly sharedWith?: string[];
}

/** Longest default name: readable in the console, and well inside the service's 256 characters. */
const DEFAULT_NAME_MAX_LENGTH = 64;

/**
 * An Amazon OpenSearch Service custom package (a synonyms or stopwords dictionary, a plugin) made
 * from a file, kept in step with that file, and associated with domains through `associateWith()`.
 *
 * Creating the construct imports the file (CreatePackage) and waits until the package is
 * `AVAILABLE`; a failed copy or validation fails the deployment with the service's message. A new
 * file makes a new package version (UpdatePackage), and every association made with
 * `associateWith()` moves its domain to that version.
 *
 * @example
 * declare const domain: opensearch.Domain;
 * const synonyms = new CustomPackage(this, 'Synonyms', {
 *   source: PackageSource.fromAsset(path.join(__dirname, 'synonyms.txt')),
 *   packageName: 'product-synonyms',
 * });
 * const association = synonyms.associateWith(domain);
 * // association.referencePath resolves to "analyzers/F..." at deploy time
 */
export class CustomPackage extends Construct implements ICustomPackage {
  /**
   * An existing package, found by its name when the stack deploys (DescribePackages). The
   * deployment fails when no package, or more than one, has that name.
   *
   * Associations made from it take the package's newest version when they are created; new
   * versions of a package this stack does not own are not rolled out by this stack.
   *
   * @param scope the scope of the look-up
   * @param id the id of the look-up
   * @param packageName the package's name
   */
  public static fromPackageName(scope: Construct, id: string, packageName: string): ICustomPackage {
    const imported = new ImportedPackage(scope, id, { PackageName: packageName });
    validatePackageName(imported, packageName);
    imported.lookUp();
    return imported;
  }

  /**
   * An existing package, by its id. The id needs no look-up; reading `packageName`, `packageType` or
   * `availablePackageVersion` adds one (DescribePackages at deploy time).
   *
   * @param scope the scope of the reference
   * @param id the id of the reference
   * @param packageId the package's id, e.g. `F123456789`
   */
  public static fromPackageId(scope: Construct, id: string, packageId: string): ICustomPackage {
    const imported = new ImportedPackage(scope, id, { PackageId: packageId });
    validatePackageId(imported, packageId);
    return imported;
  }

  /** Id of the package, e.g. `F123456789`; resolves once the package exists. */
  public readonly packageId: string;

  /** Name of the package (resolves once the package exists, so users of it wait for it). */
  public readonly packageName: string;

  /** Type of the package, e.g. `TXT-DICTIONARY`. */
  public readonly packageType: string;

  /** Newest version of the package that passed validation, e.g. `v2`; associations roll out to it. */
  public readonly availablePackageVersion: string;

  /** Commit message of the available version ('' for the first version, which has none). */
  public readonly latestCommitMessage: string;

  private readonly resource: CustomResource;
  private readonly sharing: SharingList;
  private readonly provider: PackagesProvider;

  constructor(scope: Construct, id: string, props: CustomPackageProps) {
    super(scope, id);

    const packageType = props.packageType ?? PackageType.TXT_DICTIONARY;
    const packageName = props.packageName ?? this.defaultPackageName();
    const engineVersion = props.engineVersion?.version;
    const provider = PackagesProvider.getOrCreate(this);
    const timeout = props.timeout ?? DEFAULT_TIMEOUT;
    validatePackageName(this, packageName);
    validatePackageType(this, packageType.name);
    if (props.description !== undefined) validatePackageDescription(this, props.description);
    validateEngineVersion(this, packageType.name, engineVersion);
    validatePluginEngineVersion(this, packageType.name, engineVersion);
    validatePluginFields(this, packageType.name, {
      configuration: props.configuration, encrypted: props.encryptionKey !== undefined, vending: props.vending,
    });
    declarePackageType(this, packageType.name);
    validateTimeout(this, timeout, provider.pollInterval);
    validateRemovalPolicy(this, props.removalPolicy, 'package');
    if (props.adoptExisting) validateAdoption(this, props.commitMessage);
    registerCreatedPackage(this);

    const source = props.source.bind(this, { packageType });
    const commitMessage = props.commitMessage ?? source.defaultCommitMessage;
    if (commitMessage !== undefined) validateCommitMessage(this, commitMessage);

    provider.grantReadObject(source.objectArn);
    if (source.encryptionKey) provider.grantDecryptViaS3(source.encryptionKey);
    if (props.encryptionKey) grantPackageKey(provider, props.encryptionKey);
    // The service can't read SSE-KMS objects (the default bootstrap bucket's): it gets an SSE-S3 copy.
    const staging = StagingBucket.getOrCreate(this).stageFor(provider, packageName);

    this.provider = provider;
    this.sharing = new SharingList(this, props.vending);
    this.sharing.add(props.sharedWith ?? [], provider);

    const properties: PackageProperties = {
      PackageName: packageName,
      PackageType: packageType.name,
      S3BucketName: source.bucketName,
      S3Key: source.objectKey,
      S3ObjectVersion: source.objectVersion,
      PackageDescription: props.description,
      CommitMessage: commitMessage,
      EngineVersion: engineVersion,
      Timeout: String(timeout.toSeconds()),
      StagingBucketName: staging.bucketName,
      StagingPrefix: staging.prefix,
      ...packagePluginProperties(props),
      SharedWith: this.sharing.property(),
      ...adoptionProperties(props),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: PACKAGE_RESOURCE_TYPE,
      properties,
      serviceTimeout: serviceTimeoutFor(timeout),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    // The service reads the file with the handlers' access: the grant must be in place first.
    this.resource.node.addDependency(provider.policy);

    const attribute = (name: keyof PackageData) => this.resource.getAttString(name);
    this.packageId = attribute('PackageId');
    this.packageName = attribute('PackageName');
    this.packageType = attribute('PackageType');
    this.availablePackageVersion = attribute('AvailablePackageVersion');
    this.latestCommitMessage = attribute('LatestCommitMessage');
  }

  /**
   * Associates the package with a domain. The association follows the package's available version,
   * so a new file re-associates the package and the domain moves to the new version.
   *
   * @param domain the domain to associate the package with
   * @param options waiting, removal and output settings of the association
   */
  public associateWith(domain: opensearch.IDomain, options: AssociateWithOptions = {}): PackageAssociation {
    return associate(this, domain, options, this.availablePackageVersion, this.resource);
  }

  /**
   * Shares the package with more accounts (12-digit ids), or with everyone (`GLOBAL`), through
   * UpdatePackageScope once the package is `AVAILABLE`. Needs `vending: true`; deleting the package
   * takes the sharing back first.
   *
   * @param accounts account ids, or `GLOBAL` alone
   */
  public shareWith(...accounts: string[]): void {
    this.sharing.add(accounts, this.provider);
  }

  /** A name from the construct path, shaped to the service's rules: lowercase letters, digits, hyphens. */
  private defaultPackageName(): string {
    const unique = Names.uniqueResourceName(this, {
      maxLength: Math.min(DEFAULT_NAME_MAX_LENGTH, PACKAGE_NAME_MAX_LENGTH),
      separator: '-',
      allowedSpecialCharacters: '-',
    });
    const name = unique.toLowerCase().replace(/[^a-z0-9-]/g, '-');
    // Stack names start with a letter, so this only guards against unusual construct trees.
    return /^[a-z]/.test(name) ? name : `p${name}`.slice(0, DEFAULT_NAME_MAX_LENGTH);
  }
}

/** A package that exists outside the stack: by name (looked up at once) or by id (looked up when needed). */
class ImportedPackage extends Construct implements ICustomPackage {
  private lookup?: PackageLookup;

  constructor(scope: Construct, id: string, private readonly reference: PackageLookupProperties) {
    super(scope, id);
  }

  public get packageId(): string {
    return this.reference.PackageId ?? this.lookUp().attribute('PackageId');
  }

  public get packageName(): string {
    return this.lookUp().attribute('PackageName');
  }

  public get packageType(): string {
    return this.lookUp().attribute('PackageType');
  }

  public get availablePackageVersion(): string {
    return this.lookUp().attribute('AvailablePackageVersion');
  }

  public associateWith(domain: opensearch.IDomain, options: AssociateWithOptions = {}): PackageAssociation {
    // No version: the association takes the newest one when it is made, as for any package id.
    return associate(this, domain, options, undefined, this.lookup);
  }

  /** The deploy-time look-up of this package, made on first use. */
  public lookUp(): PackageLookup {
    this.lookup ??= new PackageLookup(this, 'Lookup', this.reference);
    return this.lookup;
  }
}

/** One association per package and domain, made inside the package so both live and go together. */
function associate(pkg: ICustomPackage, domain: opensearch.IDomain, options: AssociateWithOptions,
  packageVersion: string | undefined, packageResource: IDependable | undefined): PackageAssociation {
  const id = `AssociationWith${Names.uniqueId(domain)}`;
  if (pkg.node.tryFindChild(id)) {
    throw new Error(`${pkg.node.path}: the package is already associated with domain ${domain.node.path}`);
  }
  const association = new PackageAssociation(pkg, id, {
    ...options,
    domain,
    packageId: pkg.packageId,
    packageVersion,
  });
  // Created after the package, and (CloudFormation deletes dependents first) removed before it.
  // Only the package's own resource: the package construct also holds its other associations.
  if (packageResource) association.node.addDependency(packageResource);
  return association;
}
