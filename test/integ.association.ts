/**
 * Integration test: a real domain, a package made from a file, and its association.
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
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { CustomPackage, PackageSource } from '../src';

const DOMAIN_NAME = 'integ-packages';
const SYNONYMS_KEY = 'synonyms/integ-synonyms.txt';

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

// The service can't import a file encrypted with a KMS key, and the default bootstrap bucket uses one,
// so the file goes through a bucket with S3-managed encryption (see the README's known limitations).
const bucket = new s3.Bucket(stack, 'PackageFiles', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.DESTROY,
  autoDeleteObjects: true,
});
const upload = new s3deploy.BucketDeployment(stack, 'UploadSynonyms', {
  destinationBucket: bucket,
  destinationKeyPrefix: path.dirname(SYNONYMS_KEY),
  sources: [s3deploy.Source.asset(path.join(__dirname, 'fixtures'), { exclude: ['*', `!${path.basename(SYNONYMS_KEY)}`] })],
  prune: false,
});

const synonyms = new CustomPackage(stack, 'Synonyms', {
  source: PackageSource.fromBucket(bucket, SYNONYMS_KEY),
  packageName: 'integ-synonyms',
  description: 'Synonyms for the cdk-opensearch-packages integration test',
});
synonyms.node.addDependency(upload);
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
