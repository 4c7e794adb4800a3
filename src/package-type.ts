import { Token } from 'aws-cdk-lib';
import { CONFIG_PACKAGE_TYPE, DICTIONARY_PACKAGE_TYPE, LICENSE_PACKAGE_TYPE, PLUGIN_PACKAGE_TYPE } from './handler-contract/rules';

/**
 * The kind of an OpenSearch Service package.
 *
 * The CreatePackage API reference lists `TXT-DICTIONARY | ZIP-PLUGIN | PACKAGE-LICENSE | PACKAGE-CONFIG`
 * (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_CreatePackage.html).
 * A package's type cannot change: a new type means a new package.
 */
export class PackageType {
  /** A dictionary (synonyms, stopwords, user dictionary), referenced by analyzers as `analyzers/<package id>`. */
  public static readonly TXT_DICTIONARY = new PackageType(DICTIONARY_PACKAGE_TYPE);

  /** A plugin as a `.zip` file; it needs the engine version it is built for. */
  public static readonly ZIP_PLUGIN = new PackageType(PLUGIN_PACKAGE_TYPE);

  /** The license file of a third-party plugin. */
  public static readonly PACKAGE_LICENSE = new PackageType(LICENSE_PACKAGE_TYPE);

  /** The configuration file of a third-party plugin. */
  public static readonly PACKAGE_CONFIG = new PackageType(CONFIG_PACKAGE_TYPE);

  /**
   * A type by its API name, for types newer than this library.
   *
   * @param name the API value, e.g. `TXT-DICTIONARY`
   */
  public static of(name: string): PackageType {
    if (!Token.isUnresolved(name) && !/^[A-Z][A-Z0-9-]*$/.test(name)) {
      throw new Error(`PackageType.of: "${name}" is not a package type name (uppercase letters, digits and hyphens, e.g. TXT-DICTIONARY)`);
    }
    return new PackageType(name);
  }

  /** The value the API takes, e.g. `TXT-DICTIONARY`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }

  /** The API value, so the type reads well in messages. */
  public toString(): string {
    return this.name;
  }
}
