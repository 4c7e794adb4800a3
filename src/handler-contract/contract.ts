/**
 * The wire contract between the PackageAssociation construct and its Lambda handlers.
 *
 * Both sides import these types (the handlers type-only), so renaming a field breaks the
 * compile instead of a deployment. CloudFormation passes every property value as a string.
 */

/** The resource types live with the other rules both sides import at run time. */
export { ASSOCIATION_BATCH_RESOURCE_TYPE, ASSOCIATION_RESOURCE_TYPE, PACKAGE_LOOKUP_RESOURCE_TYPE, PACKAGE_RESOURCE_TYPE } from './rules';

/** Properties of every resource whose handler waits for the service (besides its own). */
export interface WaiterProperties {
  /**
   * Seconds isComplete may go on waiting after onEvent before it fails the resource, at most 3600.
   * A property rather than a provider setting, so changing it never changes the `ServiceToken`.
   */
  readonly Timeout?: string;
}

/**
 * What onEvent adds to its response besides `PhysicalResourceId` and `Data`. The provider framework
 * merges onEvent's response into the request of every isComplete call, and sends CloudFormation
 * nothing but the fields CloudFormation knows, so this reaches isComplete only.
 */
export interface WaiterState {
  /** When isComplete stops waiting, in milliseconds since the epoch: onEvent's start plus `Timeout`. */
  readonly WaitDeadline?: number;
}

/** `ResourceProperties` of an association custom resource (besides `ServiceToken`). */
export interface AssociationProperties extends WaiterProperties {
  /** Name of the OpenSearch Service domain, e.g. `my-domain`. */
  readonly DomainName: string;
  /** Package id, e.g. `F123456789` or `pkg-0123abcd`. */
  readonly PackageId: string;
  /**
   * Package version the domain must run before the resource is complete.
   * When absent, whatever version the service associates is accepted.
   */
  readonly PackageVersion?: string;
  /** Ids of packages that must be associated first, joined with commas (`PrerequisitePackageIDList`). */
  readonly PrerequisitePackageIds?: string;
  /** Role of the package's key-store access; present means `KeyStoreAccessEnabled: true`. */
  readonly KeyAccessRoleArn?: string;
}

/**
 * `ResourceProperties` of a batch association (besides `ServiceToken`): a plugin and the license and
 * configuration packages that name it as their prerequisite, associated in one AssociatePackages call.
 */
export interface AssociationBatchProperties extends WaiterProperties {
  /** Name of the OpenSearch Service domain. */
  readonly DomainName: string;
  /** Id of the `ZIP-PLUGIN` package: first in the batch, the prerequisite of every other entry. */
  readonly PluginPackageId: string;
  /** Ids of its `PACKAGE-LICENSE`/`PACKAGE-CONFIG` packages, joined with commas, in batch order. */
  readonly DependentPackageIds: string;
  /** Role of the plugin's key-store access; present means `KeyStoreAccessEnabled: true` on the plugin's entry. */
  readonly KeyAccessRoleArn?: string;
}

/** `Data` an association returns once it is `ACTIVE`; each key is a `Fn::GetAtt` attribute. */
export interface AssociationData {
  /** Where the package lives on the domain's nodes, e.g. `analyzers/F123456789` (a `synonyms_path`). */
  readonly ReferencePath: string;
  /** Version of the package the domain runs, e.g. `v1`. */
  readonly PackageVersion: string;
  /** User-given name of the package. */
  readonly PackageName: string;
  /** Type of the package, e.g. `TXT-DICTIONARY`. */
  readonly PackageType: string;
}

/** `ResourceProperties` of a package custom resource (besides `ServiceToken`). */
export interface PackageProperties extends WaiterProperties {
  /** Unique name of the package in the account and Region; a new name replaces the package. */
  readonly PackageName: string;
  /** `TXT-DICTIONARY`, `ZIP-PLUGIN`, ...; a new type replaces the package. */
  readonly PackageType: string;
  /** Bucket the service copies the file from. */
  readonly S3BucketName: string;
  /** Key of the file; a new key makes a new package version. */
  readonly S3Key: string;
  /**
   * Version of the S3 object. The API copies whatever the key holds now, so this only tells the
   * handler that the object changed and a new package version is due.
   */
  readonly S3ObjectVersion?: string;
  /** Description of the package; a change makes a new package version (UpdatePackage needs the file too). */
  readonly PackageDescription?: string;
  /** Commit message recorded with the next version (UpdatePackage only: CreatePackage takes none). */
  readonly CommitMessage?: string;
  /** Engine version a ZIP-PLUGIN package is built for, e.g. `OpenSearch_2.19`; a change replaces the package. */
  readonly EngineVersion?: string;
  /**
   * The stack's SSE-S3 bucket the file is copied into for the service, which can't read SSE-KMS
   * objects. The copy is deleted once the package version is AVAILABLE or failed.
   */
  readonly StagingBucketName: string;
  /** Key prefix of this package's staged copies, e.g. `product-synonyms/`; the handlers may write only there. */
  readonly StagingPrefix: string;
  /** `PackageConfiguration` of a ZIP-PLUGIN: `REQUIRED`, `OPTIONAL` or `NONE`; both or neither. */
  readonly LicenseRequirement?: string;
  readonly ConfigurationRequirement?: string;
  readonly LicenseFilepath?: string;
  /** `'true'` or `'false'`. */
  readonly RequiresRestartForConfigurationUpdate?: string;
  /** The KMS key of `PackageEncryptionOptions`; present means `EncryptionEnabled: true`. */
  readonly KmsKeyIdentifier?: string;
  /** `'true'` or `'false'` (`PackageVendingOptions.VendingEnabled`); CreatePackage only, so a change replaces the package. */
  readonly VendingEnabled?: string;
  /** Accounts (12-digit ids) or `GLOBAL` the package is shared with (UpdatePackageScope), comma-joined. */
  readonly SharedWith?: string;
  /**
   * `'true'`: Create takes over the account's package of this name and type when one exists. What the
   * user asked for, not what happened: whether Create adopted is in the physical id.
   */
  readonly AdoptExisting?: string;
  /** `'true'`: the user set removalPolicy DESTROY, so Delete deletes an adopted package too (kept otherwise). */
  readonly DeleteAdopted?: string;
}

/** `ResourceProperties` of a package look-up: exactly one of the two. */
export interface PackageLookupProperties {
  /** Find the one package with this name (DescribePackages, filter PackageName). */
  readonly PackageName?: string;
  /** Find the package with this id (DescribePackages, filter PackageID). */
  readonly PackageId?: string;
}

/**
 * `Data` a package or a package look-up returns; each key is a `Fn::GetAtt` attribute.
 *
 * During an update, onEvent hands isComplete the version *before* the update under
 * `AvailablePackageVersion`; isComplete waits for a newer one and then overwrites it.
 */
export interface PackageData {
  /** Id of the package, e.g. `F123456789` or `pkg-0123abcd`. */
  readonly PackageId: string;
  readonly PackageName: string;
  readonly PackageType: string;
  /** Newest version that passed validation, e.g. `v2`; associations roll out to it. */
  readonly AvailablePackageVersion: string;
  /** Commit message of the available version from GetPackageVersionHistory ('' when none). */
  readonly LatestCommitMessage: string;
}
