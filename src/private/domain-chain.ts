import { Stack, Token } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { IConstruct } from 'constructs';

/** The last construct changing each domain's packages in a stack, so the next one can wait for it. */
const lastOnDomain = new WeakMap<Stack, Map<string, IConstruct>>();

/**
 * A domain refuses a package operation while another runs, so a stack's associations on it (single
 * or batch) form a chain: `construct` is deployed after the previous one on `domain`.
 */
export function chainOnDomain(construct: IConstruct, domain: opensearch.IDomain): void {
  const stack = Stack.of(construct);
  const byDomain = lastOnDomain.get(stack) ?? new Map<string, IConstruct>();
  lastOnDomain.set(stack, byDomain);
  const key = Token.isUnresolved(domain.domainName) ? domain.node.path : domain.domainName;
  const previous = byDomain.get(key);
  if (previous) construct.node.addDependency(previous);
  byDomain.set(key, construct);
}
