import { CustomResource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PackagesProvider } from './provider';
import { PACKAGE_LOOKUP_RESOURCE_TYPE, PackageData, PackageLookupProperties } from '../handler-contract/contract';

/**
 * Finds an existing package at deploy time (DescribePackages) and exposes its details as
 * `Fn::GetAtt` tokens. The deployment fails when no package, or more than one, matches.
 *
 * Like every look-up custom resource it runs again only when its properties change: the version it
 * reports is the one available when it last ran.
 */
export class PackageLookup extends Construct {
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, properties: PackageLookupProperties) {
    super(scope, id);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: PackagesProvider.getOrCreate(this).serviceToken,
      resourceType: PACKAGE_LOOKUP_RESOURCE_TYPE,
      properties,
    });
  }

  /** One of the package's details as a token resolved at deploy time. */
  public attribute(name: keyof PackageData): string {
    return this.resource.getAttString(name);
  }
}
