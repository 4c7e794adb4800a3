import * as path from 'path';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, DictionaryFormat, PackageSource } from '../src';

/**
 * The resources of the README's complete example (under "A package from a file: `CustomPackage`"): a
 * domain, a package from a file, its association. The benchmark counts what it adds to a stack, and a
 * test holds those counts to their targets.
 */
export function addReadmeExample(stack: Stack): void {
  const domain = new opensearch.Domain(stack, 'Domain', {
    domainName: 'product-search',
    version: opensearch.EngineVersion.OPENSEARCH_2_19,
    capacity: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
    ebs: { volumeSize: 10, volumeType: ec2.EbsDeviceVolumeType.GP3 },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const dictionary = new CustomPackage(stack, 'SynonymsPackage', {
    source: PackageSource.fromAsset(path.join(__dirname, 'synonyms.txt'), { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
    packageName: 'product-synonyms',
    description: 'Synonyms for product search',
  });
  dictionary.associateWith(domain, { outputName: 'SynonymsReferencePath' });
}
