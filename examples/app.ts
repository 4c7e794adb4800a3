import { App, CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { PackageAssociation } from '../src';

/** Package id of a synonyms dictionary uploaded earlier (console, CLI, or CustomPackage). */
const SYNONYMS_PACKAGE_ID = process.env.SYNONYMS_PACKAGE_ID ?? 'F111111111';

/**
 * A small search stack: one OpenSearch Service domain with a synonyms dictionary associated, and the
 * index settings whose analyzer reads that dictionary through `referencePath`.
 */
export class ProductSearchStack extends Stack {
  public readonly synonyms: PackageAssociation;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // The smallest domain that runs custom packages: one t3.small node with 10 GiB of gp3.
    const domain = new opensearch.Domain(this, 'Domain', {
      domainName: 'product-search',
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      capacity: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
      ebs: { volumeSize: 10, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      enforceHttps: true,
      nodeToNodeEncryption: true,
      encryptionAtRest: { enabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.synonyms = new PackageAssociation(this, 'Synonyms', {
      domain,
      packageId: SYNONYMS_PACKAGE_ID,
      outputName: 'SynonymsReferencePath',
    });

    // What an index template's settings look like once the dictionary is on the domain.
    new CfnOutput(this, 'IndexSettings', {
      description: 'Analysis settings for a products index that expands synonyms at search time',
      value: this.toJsonString({
        analysis: {
          filter: {
            product_synonyms: {
              type: 'synonym_graph',
              synonyms_path: this.synonyms.referencePath,
              updateable: true,
            },
          },
          analyzer: {
            product_search: {
              tokenizer: 'standard',
              filter: ['lowercase', 'product_synonyms'],
            },
          },
        },
      }),
    });
  }
}

// Synthesize only when run as the CDK app (`cdk synth`), not when a test imports the stack.
if (require.main === module) {
  const app = new App();
  new ProductSearchStack(app, 'ProductSearch');
  app.synth();
}
