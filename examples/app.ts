import * as path from 'path';
import { App, CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { CustomPackage, DictionaryFormat, PackageAssociation, PackageProvider, PackageProviderSettings, PackageSource } from '../src';
import { IndexTemplate } from './index-template/index-template';

/** The dictionary kept next to the app; the demo points SYNONYMS_FILE at an edited copy to show a rollout. */
const SYNONYMS_FILE = process.env.SYNONYMS_FILE ?? path.join(__dirname, 'synonyms.txt');

/**
 * A small search stack: one OpenSearch Service domain, a synonyms dictionary shipped from this repository
 * as a custom package and associated with the domain, and an index template whose search analyzer reads
 * that dictionary through `referencePath`, put once the package is ACTIVE on the domain. Editing
 * synonyms.txt and deploying again rolls the new version out.
 */
export interface ProductSearchStackProps extends StackProps {
  /** Stack-wide settings of the package handlers (poll interval, log retention); the defaults otherwise. */
  readonly packageProvider?: PackageProviderSettings;
  /** How long the package and its association may take; 30 minutes otherwise. */
  readonly timeout?: Duration;
}

export class ProductSearchStack extends Stack {
  public readonly synonyms: PackageAssociation;

  constructor(scope: Construct, id: string, props: ProductSearchStackProps = {}) {
    super(scope, id, props);
    // Before the first package construct, which would otherwise create the handlers with the defaults.
    if (props.packageProvider) PackageProvider.configure(this, props.packageProvider);

    // The smallest domain that runs custom packages: one t3.small node with 10 GiB of gp3.
    const domain = new opensearch.Domain(this, 'Domain', {
      domainName: 'product-search',
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      capacity: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
      ebs: { volumeSize: 10, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      enforceHttps: true,
      // TLS 1.2 at least on the domain endpoint: the default policy still accepts TLS 1.0.
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      nodeToNodeEncryption: true,
      encryptionAtRest: { enabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const dictionary = new CustomPackage(this, 'SynonymsPackage', {
      // Checked at synth: a broken rule stops `cdk synth` with the file, the line and the rule.
      source: PackageSource.fromAsset(SYNONYMS_FILE, { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
      packageName: 'product-synonyms',
      description: 'Synonyms for product search',
      timeout: props.timeout,
    });
    this.synonyms = dictionary.associateWith(domain, { outputName: 'SynonymsReferencePath', timeout: props.timeout });

    // The products index template: its search analyzer expands synonyms from the dictionary on the domain.
    const indexTemplate = new IndexTemplate(this, 'ProductsTemplate', {
      domain,
      templateName: 'products',
      template: {
        index_patterns: ['products*'],
        template: {
          settings: {
            analysis: {
              filter: {
                product_synonyms: {
                  type: 'synonym_graph',
                  synonyms_path: this.synonyms.referencePath,
                  // Lets a new dictionary version reach open indexes (search analyzers only).
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
          },
          mappings: {
            properties: {
              name: { type: 'text', analyzer: 'standard', search_analyzer: 'product_search' },
            },
          },
        },
      },
    });
    // The domain refuses a template whose synonyms_path it cannot load, so the template must wait until the
    // association is ACTIVE. The referencePath attribute already implies this; saying it keeps it true even
    // if the path were ever written out by hand.
    indexTemplate.node.addDependency(this.synonyms);

    new CfnOutput(this, 'IndexTemplateName', {
      description: 'The composable index template that applies the synonyms to products* indexes',
      value: indexTemplate.templateName,
    });
  }
}

// Synthesize only when run as the CDK app (`cdk synth`), not when a test imports the stack.
if (require.main === module) {
  const app = new App();
  new ProductSearchStack(app, 'ProductSearch');
  app.synth();
}
