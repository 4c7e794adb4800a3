import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct, IConstruct } from 'constructs';
import { HandlerProvider, providerId, WaiterSettings } from './handler-provider';

/** API calls the handlers make on a domain (Service Authorization Reference for `es`); DescribeDomain tells a busy domain from an idle one. */
const ASSOCIATION_ACTIONS = ['es:AssociatePackage', 'es:DissociatePackage', 'es:ListPackagesForDomain', 'es:DescribeDomain'];

/** The package's status and available version before associating; the reference gives DescribePackages no resource type. */
const PACKAGE_READ_ACTIONS = ['es:DescribePackages'];

/**
 * The custom resource provider behind every PackageAssociation in a stack.
 *
 * It is a singleton per stack and per waiter setting, so N associations add N custom resources and no
 * new functions. Its role may act only on the domains the stack's associations name.
 */
export class AssociationProvider extends HandlerProvider {
  /** Finds the stack's provider with these waiter settings, or creates it. */
  public static of(scope: IConstruct, waiter: WaiterSettings): AssociationProvider {
    const stack = Stack.of(scope);
    const id = providerId('OpenSearchPackageAssociationProvider', waiter);
    return stack.node.tryFindChild(id) as AssociationProvider | undefined ?? new AssociationProvider(stack, id, waiter);
  }

  private readonly domainStatement: iam.PolicyStatement;
  private readonly grantedArns = new Set<string>();

  private constructor(scope: Construct, id: string, waiter: WaiterSettings) {
    super(scope, id, {
      bundle: 'lambda/association/index',
      servedBy: 'PackageAssociation',
      roleDescription: 'Associates and dissociates OpenSearch Service packages for PackageAssociation resources',
      waiter,
    });
    // One statement whose resources grow with each associated domain: never `*`, never `es:*`.
    this.domainStatement = new iam.PolicyStatement({ actions: ASSOCIATION_ACTIONS });
    this.role.addToPrincipalPolicy(this.domainStatement);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: PACKAGE_READ_ACTIONS, resources: ['*'] }));
  }

  /** Lets the handlers associate, dissociate and list packages on this domain, and nothing else. */
  public grantDomain(domain: opensearch.IDomain): void {
    const arn = domain.domainArn;
    if (this.grantedArns.has(arn)) return;
    this.grantedArns.add(arn);
    this.domainStatement.addResources(arn);
  }
}
