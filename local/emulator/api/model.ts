/**
 * Wire shapes of the package API (REST-JSON, version 2021-01-01), as the SDK's schemas in
 * @aws-sdk/client-opensearch define them. Timestamps are epoch seconds, which is how the
 * restJson1 protocol serializes `timestamp` members by default.
 */
import type { PackageType } from './validation';

/** The operations the emulator serves. */
export const OPERATIONS = [
  'AssociatePackage',
  'DissociatePackage',
  'ListPackagesForDomain',
  'DescribePackages',
  'GetPackageVersionHistory',
  'CreatePackage',
  'UpdatePackage',
  'DeletePackage',
  'ListDomainsForPackage',
  'DescribeDomain',
  'AssociatePackages',
  'DissociatePackages',
  'UpdatePackageScope',
] as const;

/** One of {@link OPERATIONS}. */
export type OperationName = typeof OPERATIONS[number];

/** Status of a package on one domain (enum DomainPackageStatus). */
export type DomainPackageStatus = 'ASSOCIATING' | 'ASSOCIATION_FAILED' | 'ACTIVE' | 'DISSOCIATING' | 'DISSOCIATION_FAILED';

/** Status of a package itself (enum PackageStatus; DELETED/DELETE_FAILED are never reached here). */
export type PackageStatus = 'COPYING' | 'COPY_FAILED' | 'VALIDATING' | 'VALIDATION_FAILED' | 'AVAILABLE' | 'DELETING' | 'DELETED' | 'DELETE_FAILED';

/** Additional information when a package or association is in an error state. */
export interface ErrorDetails {
  ErrorType?: string;
  ErrorMessage?: string;
}

/** S3 location a package is imported from. */
export interface PackageSource {
  S3BucketName: string;
  S3Key: string;
}

/** DomainPackageDetails: one package on one domain. */
export interface DomainPackageDetails {
  PackageID: string;
  PackageName: string;
  PackageType: PackageType;
  LastUpdated: number;
  DomainName: string;
  DomainPackageStatus: DomainPackageStatus;
  PackageVersion?: string;
  ReferencePath?: string;
  ErrorDetails?: ErrorDetails;
  PrerequisitePackageIDList?: string[];
  AssociationConfiguration?: AssociationConfiguration;
}

/** PackageDetails: a package as DescribePackages and Create/Update/DeletePackage return it. */
export interface PackageDetails {
  PackageID: string;
  PackageName: string;
  PackageType: PackageType;
  PackageDescription?: string;
  PackageStatus: PackageStatus;
  CreatedAt: number;
  LastUpdatedAt: number;
  AvailablePackageVersion?: string;
  ErrorDetails?: ErrorDetails;
  EngineVersion?: string;
  PackageOwner?: string;
  AvailablePluginProperties?: PluginProperties;
  AvailablePackageConfiguration?: PluginPackageFields['configuration'];
  PackageEncryptionOptions?: PluginPackageFields['encryption'];
  PackageVendingOptions?: PluginPackageFields['vending'];
  /** Set by UpdatePackageScope; the model shows it to the package's owner only. */
  AllowListedUserList?: string[];
}

/** PackageVersionHistory: one committed version of a package. */
export interface PackageVersionHistory {
  PackageVersion: string;
  CommitMessage?: string;
  CreatedAt: number;
  PluginProperties?: PluginProperties;
  PackageConfiguration?: PluginPackageFields['configuration'];
}

/** LicenseRequirement and ConfigurationRequirement of a plugin's PackageConfiguration. */
export type RequirementLevel = 'REQUIRED' | 'OPTIONAL' | 'NONE';

/** PackageConfiguration as CreatePackage/UpdatePackage take it (shape-checked already). */
export interface PackageConfiguration {
  LicenseRequirement: RequirementLevel;
  ConfigurationRequirement: RequirementLevel;
  LicenseFilepath?: string;
  RequiresRestartForConfigurationUpdate?: boolean;
}

/** The plugin fields of CreatePackage/UpdatePackage. */
export interface PluginPackageFields {
  readonly configuration?: PackageConfiguration;
  readonly encryption?: { EncryptionEnabled: boolean; KmsKeyIdentifier?: string };
  readonly vending?: { VendingEnabled: boolean };
}

/** AssociationConfiguration as AssociatePackage takes it. */
export interface AssociationConfiguration {
  KeyStoreAccessOption?: { KeyStoreAccessEnabled: boolean; KeyAccessRoleArn?: string };
}

/** PluginProperties: what the service read from a plugin's `plugin-descriptor.properties`. */
export interface PluginProperties {
  Name?: string;
  Description?: string;
  Version?: string;
  ClassName?: string;
  UncompressedSizeInBytes?: number;
}

/** Converts a millisecond clock reading to the epoch seconds the protocol uses. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
