import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validatePackageId } from './validation';
import { CONFIG_PACKAGE_TYPE, LICENSE_PACKAGE_TYPE, PLUGIN_PACKAGE_TYPE } from '../handler-contract/rules';
import { PluginConfiguration } from '../plugin-options';

/**
 * Synth-time checks of the plugin fields. Each says whether it rests on the documentation or on our
 * own stricter choice where the documentation is silent.
 */

/** LicenseFilepath in the API model: at most 256 characters, a relative path without `..`. */
export const MAX_LICENSE_FILEPATH_LENGTH = 256;
const LICENSE_FILEPATH_PATTERN = /^(?!.*\/\.{2,})(?!.*\.\.)[a-zA-Z0-9_.-]+(?:\/[a-zA-Z0-9_.-]+)*$/;

/** Custom plugins need OpenSearch 2.15 or later (developer guide, custom plugins, quotas). */
const MIN_PLUGIN_ENGINE = { major: 2, minor: 15 };

function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/**
 * `configuration`, `encryptionKey` and `vending` are only for ZIP-PLUGIN packages. Encryption with a
 * customer managed key is documented for ZIP-PLUGIN only
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-package-kms-integration.html);
 * for configuration and vending the docs name no type: limiting them to plugins is our stricter choice.
 */
export function validatePluginFields(scope: IConstruct, packageType: string, fields: {
  configuration?: PluginConfiguration; encrypted: boolean; vending?: boolean;
}): void {
  if (Token.isUnresolved(packageType) || packageType === PLUGIN_PACKAGE_TYPE) {
    if (fields.configuration) validatePluginConfiguration(scope, fields.configuration);
    return;
  }
  const given = [
    fields.configuration !== undefined ? 'configuration' : undefined,
    fields.encrypted ? 'encryptionKey' : undefined,
    fields.vending !== undefined ? 'vending' : undefined,
  ].filter((name) => name !== undefined);
  if (given.length > 0) {
    fail(scope, `${given.join(', ')} can only be given for packageType ${PLUGIN_PACKAGE_TYPE} (packageType is ${packageType})`);
  }
}

function validatePluginConfiguration(scope: IConstruct, configuration: PluginConfiguration): void {
  const path = configuration.licenseFilepath;
  if (path === undefined || Token.isUnresolved(path)) return;
  if (path.length > MAX_LICENSE_FILEPATH_LENGTH) {
    fail(scope, `configuration.licenseFilepath must be at most ${MAX_LICENSE_FILEPATH_LENGTH} characters long (it has ${path.length})`);
  }
  if (!LICENSE_FILEPATH_PATTERN.test(path)) {
    fail(scope, `configuration.licenseFilepath "${path}" must be a relative path of letters, digits, '_', '.' and '-' parts joined by '/', without '..'`);
  }
}

/** The developer guide requires OpenSearch 2.15 or later for custom and third-party plugins. */
export function validatePluginEngineVersion(scope: IConstruct, packageType: string, engineVersion: string | undefined): void {
  if (packageType !== PLUGIN_PACKAGE_TYPE || engineVersion === undefined || Token.isUnresolved(engineVersion)) return;
  const match = /^OpenSearch_([0-9]+)\.([0-9]+)$/.exec(engineVersion);
  const major = match ? Number(match[1]) : -1;
  const minor = match ? Number(match[2]) : -1;
  if (!match || major < MIN_PLUGIN_ENGINE.major || (major === MIN_PLUGIN_ENGINE.major && minor < MIN_PLUGIN_ENGINE.minor)) {
    fail(scope, `engineVersion ${engineVersion} is too old for packageType ${PLUGIN_PACKAGE_TYPE}: plugins need OpenSearch_2.15 or later`);
  }
}

/**
 * Prerequisites run from the plugin to its license and configuration packages in the developer guide's
 * third-party example. The docs show no other use, so we accept prerequisite ids only on PACKAGE-LICENSE
 * and PACKAGE-CONFIG packages: our stricter choice. A type unknown at synth (a package id) is not checked.
 */
export function validatePrerequisitePackageIds(scope: IConstruct, packageType: string | undefined, ids: readonly string[]): void {
  ids.forEach((id) => validatePackageId(scope, id));
  if (ids.length > 0 && packageType !== undefined && packageType !== LICENSE_PACKAGE_TYPE && packageType !== CONFIG_PACKAGE_TYPE) {
    fail(scope, `prerequisitePackageIds can only be given to ${LICENSE_PACKAGE_TYPE} and ${CONFIG_PACKAGE_TYPE} packages, whose plugin is the prerequisite (packageType is ${packageType})`);
  }
}
