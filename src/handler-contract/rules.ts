/**
 * The rules the constructs and the handlers both enforce, written once: the OpenSearch Service's
 * patterns and limits, the resource type names of our custom resources and the names of the handler
 * entry points. The constructs import it (synth-time validation, the provider), and so do the handlers,
 * at run time: esbuild bundles it into the handler asset, so the two sides can't drift apart.
 *
 * Keep it free of imports (no aws-cdk-lib, no Node.js modules): it is bundled into the Lambda handler.
 *
 * The emulator (local/emulator/api/validation.ts) keeps its own copy of the service's rules on purpose: it
 * stands in for the service, so it must not learn them from us.
 */

// ---- Our custom resources and the provider's functions.

/** CloudFormation resource type of an association. */
export const ASSOCIATION_RESOURCE_TYPE = 'Custom::OpenSearchPackageAssociation';

/**
 * CloudFormation resource type of a plugin associated together with its license and configuration
 * packages in one AssociatePackages call (PluginInstallation).
 */
export const ASSOCIATION_BATCH_RESOURCE_TYPE = 'Custom::OpenSearchPackageAssociationBatch';

/** CloudFormation resource type of a package owned by the stack (CustomPackage). */
export const PACKAGE_RESOURCE_TYPE = 'Custom::OpenSearchPackage';

/** CloudFormation resource type of a deploy-time look-up of an existing package. */
export const PACKAGE_LOOKUP_RESOURCE_TYPE = 'Custom::OpenSearchPackageLookup';

/** The exports of the handler bundle (lambda/index.ts) the provider's two functions run. */
export const HANDLER_ENTRIES = { onEvent: 'onEvent', isComplete: 'isComplete' } as const;
export type HandlerEntry = typeof HANDLER_ENTRIES[keyof typeof HANDLER_ENTRIES];

/** CloudFormation waits at most one hour for a custom resource. */
export const MAX_TIMEOUT_SECONDS = 3600;

// ---- Identifiers, per the API reference.

/** Domain names: 3-28 characters, a lowercase letter first, then lowercase letters, digits and hyphens (AssociatePackage). */
export const DOMAIN_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
export const DOMAIN_NAME_MIN_LENGTH = 3;
export const DOMAIN_NAME_MAX_LENGTH = 28;

/** Package ids: `F123…`/`G123…` (custom and plugin packages) or `pkg-0a1b…` (newer package types). */
export const PACKAGE_ID_PATTERN = /^([FG][0-9]+)$|^(pkg-[a-f0-9]+)$/;

/** Package names (CreatePackage API reference): 3-256 characters matching [a-z][a-z0-9\-]+. */
export const PACKAGE_NAME_PATTERN = /^[a-z][a-z0-9-]+$/;
export const PACKAGE_NAME_MIN_LENGTH = 3;
export const PACKAGE_NAME_MAX_LENGTH = 256;

/** EngineVersion, per the CreatePackage API reference. */
export const ENGINE_VERSION_PATTERN = /^Elasticsearch_[0-9]{1}\.[0-9]{1,2}$|^OpenSearch_[0-9]{1,2}\.[0-9]{1,2}$/;

/**
 * The package types the CreatePackage API reference lists. A plugin is the only type the API lets
 * (and, for us, makes) name an engine version.
 */
export const DICTIONARY_PACKAGE_TYPE = 'TXT-DICTIONARY';
export const PLUGIN_PACKAGE_TYPE = 'ZIP-PLUGIN';
export const LICENSE_PACKAGE_TYPE = 'PACKAGE-LICENSE';
export const CONFIG_PACKAGE_TYPE = 'PACKAGE-CONFIG';

export const DOMAIN_NAME_RULE = `${DOMAIN_NAME_MIN_LENGTH}-${DOMAIN_NAME_MAX_LENGTH} characters matching ${DOMAIN_NAME_PATTERN.source}`;
export const PACKAGE_ID_RULE = `a package id matching ${PACKAGE_ID_PATTERN.source}`;
export const PACKAGE_NAME_RULE = `${PACKAGE_NAME_MIN_LENGTH}-${PACKAGE_NAME_MAX_LENGTH} characters matching ${PACKAGE_NAME_PATTERN.source}`;

export function isDomainName(value: string): boolean {
  return value.length >= DOMAIN_NAME_MIN_LENGTH
    && value.length <= DOMAIN_NAME_MAX_LENGTH
    && DOMAIN_NAME_PATTERN.test(value);
}

export function isPackageId(value: string): boolean {
  return PACKAGE_ID_PATTERN.test(value);
}

export function isPackageName(value: string): boolean {
  return value.length >= PACKAGE_NAME_MIN_LENGTH
    && value.length <= PACKAGE_NAME_MAX_LENGTH
    && PACKAGE_NAME_PATTERN.test(value);
}

// ---- Lengths of the values the resources carry.

/**
 * Length caps for values the API reference gives a pattern but no length (PackageID) or nothing at
 * all (PackageVersion, PackageType). Chosen tight, far above any real value (`F123456789`, `v12`,
 * `PACKAGE-LICENSE`), so an echoed value can never crowd the failure reason out of CloudFormation's
 * 4,096-byte response.
 */
export const MAX_PACKAGE_ID_LENGTH = 64;
export const MAX_PACKAGE_VERSION_LENGTH = 64;
export const MAX_PACKAGE_TYPE_LENGTH = 32;

/** S3 bucket names: 3-63 characters (PackageSource S3BucketName in the API reference and S3's naming rules). */
export const MIN_BUCKET_NAME_LENGTH = 3;
export const MAX_BUCKET_NAME_LENGTH = 63;

/** S3Key of a PackageSource: 1-1024 characters (PackageSource API reference). */
export const MAX_OBJECT_KEY_LENGTH = 1024;

/** S3 version ids have no documented maximum; 1,024 characters is the cap we chose (real ones are 32). */
export const MAX_OBJECT_VERSION_LENGTH = 1024;

/** PackageDescription: at most 1024 characters (CreatePackage / UpdatePackage API reference). */
export const MAX_PACKAGE_DESCRIPTION_LENGTH = 1024;

/** CommitMessage: at most 160 characters (UpdatePackage API reference). */
export const MAX_COMMIT_MESSAGE_LENGTH = 160;

/** EngineVersion has a pattern; its cap is ours, far above `OpenSearch_2.19`. */
export const MAX_ENGINE_VERSION_LENGTH = 64;

/**
 * The same caps by custom resource property, as the handlers check them before any value is used or
 * echoed (PackageName and DomainName are checked with their patterns).
 */
export const PROPERTY_MAX_LENGTHS: Readonly<Record<string, number>> = {
  PackageId: MAX_PACKAGE_ID_LENGTH,
  PluginPackageId: MAX_PACKAGE_ID_LENGTH,
  // A license and a configuration id, joined with a comma.
  DependentPackageIds: 2 * MAX_PACKAGE_ID_LENGTH + 1,
  PackageVersion: MAX_PACKAGE_VERSION_LENGTH,
  PackageType: MAX_PACKAGE_TYPE_LENGTH,
  S3BucketName: MAX_BUCKET_NAME_LENGTH,
  S3Key: MAX_OBJECT_KEY_LENGTH,
  S3ObjectVersion: MAX_OBJECT_VERSION_LENGTH,
  PackageDescription: MAX_PACKAGE_DESCRIPTION_LENGTH,
  CommitMessage: MAX_COMMIT_MESSAGE_LENGTH,
  EngineVersion: MAX_ENGINE_VERSION_LENGTH,
};

export const PROPERTY_MIN_LENGTHS: Readonly<Record<string, number>> = {
  S3BucketName: MIN_BUCKET_NAME_LENGTH,
};

// ---- Paging.

/** The largest page (MaxResults) the package API's list operations allow; fewer calls for long lists. */
export const MAX_PAGE_SIZE = 100;
