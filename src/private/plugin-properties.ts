import * as kms from 'aws-cdk-lib/aws-kms';
import { PackageProperties } from '../handler-contract/contract';
import { PluginConfiguration } from '../plugin-options';

type PluginProperties = Pick<PackageProperties, 'LicenseRequirement' | 'ConfigurationRequirement' | 'LicenseFilepath'
| 'RequiresRestartForConfigurationUpdate' | 'KmsKeyIdentifier' | 'VendingEnabled'>;

/** The plugin fields of a CustomPackage as custom resource properties (strings; absent when not given). */
export function packagePluginProperties(props: {
  configuration?: PluginConfiguration; encryptionKey?: kms.IKey; vending?: boolean;
}): PluginProperties {
  const configuration = props.configuration;
  const restart = configuration?.requiresRestartForConfigurationUpdate;
  return {
    LicenseRequirement: configuration?.licenseRequirement,
    ConfigurationRequirement: configuration?.configurationRequirement,
    LicenseFilepath: configuration?.licenseFilepath,
    RequiresRestartForConfigurationUpdate: restart === undefined ? undefined : String(restart),
    KmsKeyIdentifier: props.encryptionKey?.keyArn,
    VendingEnabled: props.vending === undefined ? undefined : String(props.vending),
  };
}
