/**
 * The plugin fields of CreatePackage and UpdatePackage: PackageConfiguration,
 * PackageEncryptionOptions and PackageVendingOptions, from the package's custom resource properties.
 * Field names are the API model's (botocore opensearch/2021-01-01), not the developer guide's CLI
 * example, which spells them `Enabled`/`KmsKeyId`/`PackageConfigOptions`.
 */
import type { PackageConfiguration, PackageEncryptionOptions, PackageVendingOptions, RequirementLevel } from '@aws-sdk/client-opensearch';
import type { PackageProperties } from '../../src/handler-contract/contract';
import { echo } from '../shared/errors';
import { optionalString, RawProperties } from '../shared/events';

type PluginFields = Pick<PackageProperties, 'LicenseRequirement' | 'ConfigurationRequirement' | 'LicenseFilepath'
| 'RequiresRestartForConfigurationUpdate' | 'KmsKeyIdentifier' | 'VendingEnabled'>;

/** UpdatePackage takes these: a change makes a new package version. */
export const PLUGIN_VERSIONING_FIELDS = [
  'LicenseRequirement', 'ConfigurationRequirement', 'LicenseFilepath', 'RequiresRestartForConfigurationUpdate', 'KmsKeyIdentifier',
] as const;

/** Only CreatePackage takes vending options: a change needs a new package. */
export const PLUGIN_REPLACING_FIELDS = ['VendingEnabled'] as const;

const REQUIREMENT_LEVELS = ['REQUIRED', 'OPTIONAL', 'NONE'];
/** LicenseFilepath: at most 256 characters; KmsKeyIdentifier: 1-500 (API model). */
const MAX_LICENSE_FILEPATH = 256;
const MAX_KMS_KEY_IDENTIFIER = 500;

export function parsePluginProperties(raw: RawProperties): PluginFields {
  const license = requirement(raw, 'LicenseRequirement');
  const configuration = requirement(raw, 'ConfigurationRequirement');
  if ((license === undefined) !== (configuration === undefined)) {
    throw new Error('PackageConfiguration needs both LicenseRequirement and ConfigurationRequirement');
  }
  return {
    LicenseRequirement: license,
    ConfigurationRequirement: configuration,
    LicenseFilepath: bounded(raw, 'LicenseFilepath', MAX_LICENSE_FILEPATH),
    RequiresRestartForConfigurationUpdate: flag(raw, 'RequiresRestartForConfigurationUpdate'),
    KmsKeyIdentifier: bounded(raw, 'KmsKeyIdentifier', MAX_KMS_KEY_IDENTIFIER),
    VendingEnabled: flag(raw, 'VendingEnabled'),
  };
}

/** The plugin fields of a CreatePackage request; absent fields stay out of the request. */
export function createPackageOptions(properties: PluginFields): {
  PackageConfiguration?: PackageConfiguration; PackageEncryptionOptions?: PackageEncryptionOptions; PackageVendingOptions?: PackageVendingOptions;
} {
  return withoutUndefined({
    PackageConfiguration: packageConfiguration(properties),
    PackageEncryptionOptions: properties.KmsKeyIdentifier === undefined ? undefined
      : { EncryptionEnabled: true, KmsKeyIdentifier: properties.KmsKeyIdentifier },
    PackageVendingOptions: properties.VendingEnabled === undefined ? undefined
      : { VendingEnabled: properties.VendingEnabled === 'true' },
  });
}

/**
 * The plugin fields of an UpdatePackage request. A key removed since the last deployment turns
 * encryption off; a removed configuration is left as it is (the API has no way to unset it).
 */
export function updatePackageOptions(properties: PluginFields, old: RawProperties): {
  PackageConfiguration?: PackageConfiguration; PackageEncryptionOptions?: PackageEncryptionOptions;
} {
  const hadKey = optionalString(old, 'KmsKeyIdentifier') !== undefined;
  let encryption: PackageEncryptionOptions | undefined;
  if (properties.KmsKeyIdentifier !== undefined) {
    encryption = { EncryptionEnabled: true, KmsKeyIdentifier: properties.KmsKeyIdentifier };
  } else if (hadKey) {
    encryption = { EncryptionEnabled: false };
  }
  return withoutUndefined({ PackageConfiguration: packageConfiguration(properties), PackageEncryptionOptions: encryption });
}

function packageConfiguration(properties: PluginFields): PackageConfiguration | undefined {
  if (properties.LicenseRequirement === undefined || properties.ConfigurationRequirement === undefined) return undefined;
  return withoutUndefined({
    LicenseRequirement: properties.LicenseRequirement as RequirementLevel,
    ConfigurationRequirement: properties.ConfigurationRequirement as RequirementLevel,
    LicenseFilepath: properties.LicenseFilepath,
    RequiresRestartForConfigurationUpdate: properties.RequiresRestartForConfigurationUpdate === undefined
      ? undefined : properties.RequiresRestartForConfigurationUpdate === 'true',
  });
}

function requirement(raw: RawProperties, field: string): string | undefined {
  const value = optionalString(raw, field);
  if (value !== undefined && !REQUIREMENT_LEVELS.includes(value)) {
    throw new Error(`Invalid ${field} "${echo(value, 32)}": expected one of ${REQUIREMENT_LEVELS.join(', ')}`);
  }
  return value;
}

function flag(raw: RawProperties, field: string): string | undefined {
  const value = optionalString(raw, field);
  if (value !== undefined && value !== 'true' && value !== 'false') {
    throw new Error(`Invalid ${field} "${echo(value, 32)}": expected true or false`);
  }
  return value;
}

function bounded(raw: RawProperties, field: string, max: number): string | undefined {
  const value = optionalString(raw, field);
  if (value !== undefined && value.length > max) {
    throw new Error(`Invalid ${field}: at most ${max} characters allowed, got ${value.length} ("${echo(value, 32)}")`);
  }
  return value;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
