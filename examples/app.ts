import * as path from 'path';
import { App, CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { CustomPackage, PackageAssociation, PackageSource } from '../src';

/** The dictionary kept next to the app; the demo points SYNONYMS_FILE at an edited copy to show a rollout. */
const SYNONYMS_FILE = process.env.SYNONYMS_FILE ?? path.join(__dirname, 'synonyms.txt');

/**
 * A small search stack: one OpenSearch Service domain, a synonyms dictionary shipped from this repository
 * as a custom package and associated with the domain, and the index settings whose analyzer reads that
 * dictionary through `referencePath`. Editing synonyms.txt and deploying again rolls the new version out.
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

    const dictionary = new CustomPackage(this, 'SynonymsPackage', {
      source: PackageSource.fromAsset(SYNONYMS_FILE),
      packageName: 'product-synonyms',
      description: 'Synonyms for product search',
    });
    this.synonyms = dictionary.associateWith(domain, { outputName: 'SynonymsReferencePath' });

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
