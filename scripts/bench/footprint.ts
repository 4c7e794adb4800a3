import { App, Stack } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { makeTempDir, removeTempDir } from './temp-dirs';
import { addReadmeExample } from '../../examples/readme-stack';
import { PackageAssociation } from '../../src';

/**
 * What the library adds to a stack: the resources, Lambda functions and state machines of a stack
 * with one association of an existing (imported) domain and package, and of the README's complete
 * example (a domain, a package from a file, its association), whole stacks counted.
 */

export interface Footprint {
  readonly resources: number;
  readonly lambdaFunctions: number;
  readonly stateMachines: number;
  readonly iamRoles: number;
}

export interface FootprintResult {
  readonly associationOnly: Footprint;
  readonly readmeExample: Footprint;
}

const ENV = { account: '123456789012', region: 'us-east-1' };

export function measureFootprints(): FootprintResult {
  return {
    associationOnly: footprintOf((stack) => {
      const domain = opensearch.Domain.fromDomainAttributes(stack, 'Domain', {
        domainArn: `arn:aws:es:${ENV.region}:${ENV.account}:domain/product-search`,
        domainEndpoint: `https://search-product-search-bench.${ENV.region}.es.amazonaws.com`,
      });
      new PackageAssociation(stack, 'Synonyms', { domain, packageId: 'F123456789' });
    }),
    readmeExample: footprintOf(addReadmeExample),
  };
}

/** Counts the resources of the stack `build` fills. */
function footprintOf(build: (stack: Stack) => void): Footprint {
  const outdir = makeTempDir('footprint');
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Footprint', { env: ENV });
    build(stack);
    const resources = Object.values<{ Type: string }>(app.synth().getStackByName(stack.stackName).template.Resources)
      .map((resource) => resource.Type);
    const count = (type: string) => resources.filter((t) => t === type).length;
    return {
      resources: resources.length,
      lambdaFunctions: count('AWS::Lambda::Function'),
      stateMachines: count('AWS::StepFunctions::StateMachine'),
      iamRoles: count('AWS::IAM::Role'),
    };
  } finally {
    removeTempDir(outdir);
  }
}
