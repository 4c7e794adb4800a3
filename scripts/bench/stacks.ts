import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { PackageAssociation, PackageProvider } from '../../src';

/**
 * The stacks every phase measures: `associations` packages spread round-robin over `domains` imported
 * domains, either as PackageAssociation constructs or as bare custom resources of the same shape.
 */

export const STACK_NAME = 'Bench';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export type Variant = 'construct' | 'bare';

export interface StackShape {
  readonly associations: number;
  readonly domains: number;
}

export interface WaiterSettings {
  readonly pollInterval: Duration;
  readonly timeout: Duration;
}

/** One association of the stack: which package on which domain. */
export interface AssociationSpec {
  readonly id: string;
  readonly domainName: string;
  readonly packageId: string;
}

/** Names valid for the construct's checks and the emulator: `bench-domain-0`, `F1000000000`. */
export function associationsOf(shape: StackShape): AssociationSpec[] {
  return Array.from({ length: shape.associations }, (_, i) => ({
    id: `Association${i}`,
    domainName: `bench-domain-${i % shape.domains}`,
    packageId: `F${1_000_000_000 + i}`,
  }));
}

export function domainNamesOf(shape: StackShape): string[] {
  return Array.from({ length: shape.domains }, (_, i) => `bench-domain-${i}`);
}

/** Builds the stack into `app`; `waiter` applies to the construct variant only. */
export function buildStack(app: App, variant: Variant, shape: StackShape, waiter?: WaiterSettings): Stack {
  const stack = new Stack(app, STACK_NAME, { env: { account: ACCOUNT, region: REGION } });
  if (variant === 'construct' && waiter) PackageProvider.configure(stack, { pollInterval: waiter.pollInterval });
  // Imported by ARN so the template names the domains literally, as the emulator knows them.
  const domains = new Map(domainNamesOf(shape).map((name) => [name, opensearch.Domain.fromDomainAttributes(stack, `Domain-${name}`, {
    domainArn: `arn:aws:es:${REGION}:${ACCOUNT}:domain/${name}`,
    domainEndpoint: `https://search-${name}-bench.${REGION}.es.amazonaws.com`,
  })]));

  for (const spec of associationsOf(shape)) {
    const domain = domains.get(spec.domainName)!;
    if (variant === 'construct') {
      new PackageAssociation(stack, spec.id, { domain, packageId: spec.packageId, timeout: waiter?.timeout });
    } else {
      // The floor: one resource with the same properties and a literal service token, nothing else.
      new CfnResource(stack, spec.id, {
        type: 'Custom::Bare',
        properties: {
          ServiceToken: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:bare-provider`,
          DomainName: domain.domainName,
          PackageId: spec.packageId,
        },
      });
    }
  }
  return stack;
}
