/**
 * Integration test: a real domain, a package made from a local file (a CDK asset), and its association.
 *
 * `npx projen integ` compares the synthesized templates with the snapshot committed next to this file,
 * offline. `npx projen integ:update` (with AWS credentials) deploys the stack, runs the assertion
 * below against the real service, destroys the stack and rewrites the snapshot. A run creates a
 * t3.small.search domain for about half an hour.
 */
import * as path from 'path';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CustomPackage, DictionaryFormat, PackageSource } from '../src';

const DOMAIN_NAME = 'integ-packages';

const app = new App();
const stack = new Stack(app, 'OpenSearchPackagesInteg');

const domain = new opensearch.Domain(stack, 'Domain', {
  domainName: DOMAIN_NAME,
  version: opensearch.EngineVersion.OPENSEARCH_2_19,
  capacity: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
  ebs: { volumeSize: 10, volumeType: ec2.EbsDeviceVolumeType.GP3 },
  enforceHttps: true,
  nodeToNodeEncryption: true,
  encryptionAtRest: { enabled: true },
  removalPolicy: RemovalPolicy.DESTROY,
});

// The default-account path: the file is a CDK asset in the bootstrap bucket (SSE-KMS after a plain
// `cdk bootstrap`), which the service can't read; the handler stages an SSE-S3 copy for it.
const synonyms = new CustomPackage(stack, 'Synonyms', {
  source: PackageSource.fromAsset(path.join(__dirname, 'fixtures', 'integ-synonyms.txt'), { dictionaryFormat: DictionaryFormat.SOLR_SYNONYMS }),
  packageName: 'integ-synonyms',
  description: 'Synonyms for the cdk-opensearch-packages integration test',
});
const association = synonyms.associateWith(domain, { outputName: 'SynonymsReferencePath' });

const integ = new IntegTest(app, 'PackageAssociationIntegTest', {
  testCases: [stack],
  // One domain takes 15 to 20 minutes to create: deploy the change under test only, not the
  // committed snapshot first and then the change.
  stackUpdateWorkflow: false,
});

// Once the stack is deployed the association must be ACTIVE and report the reference path the
// construct exposes (which is what an analyzer's synonyms_path uses).
const packages = integ.assertions.awsApiCall('OpenSearch', 'listPackagesForDomain', { DomainName: DOMAIN_NAME });
packages.expect(ExpectedResult.objectLike({
  DomainPackageDetailsList: [{
    PackageID: synonyms.packageId,
    PackageName: 'integ-synonyms',
    DomainPackageStatus: 'ACTIVE',
    ReferencePath: association.referencePath,
  }],
}));
