/**
 * The wire contract between the PackageAssociation construct and its Lambda handlers.
 *
 * Both sides import these types (the handlers type-only), so renaming a field breaks the
 * compile instead of a deployment. CloudFormation passes every property value as a string.
 */

/** CloudFormation resource type of an association. */
export const ASSOCIATION_RESOURCE_TYPE = 'Custom::OpenSearchPackageAssociation';

/** `ResourceProperties` of an association custom resource (besides `ServiceToken`). */
export interface AssociationProperties {
  /** Name of the OpenSearch Service domain, e.g. `my-domain`. */
  readonly DomainName: string;
  /** Package id, e.g. `F123456789` or `pkg-0123abcd`. */
  readonly PackageId: string;
  /**
   * Package version the domain must run before the resource is complete.
   * When absent, whatever version the service associates is accepted.
   */
  readonly PackageVersion?: string;
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
