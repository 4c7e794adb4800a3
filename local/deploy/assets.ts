import { readFileSync } from 'fs';
import { AssetManifest, AssetPublishing } from '@aws-cdk/cdk-assets-lib';
import type { Account, ClientOptions, IAws, IECRClient, IS3Client, ISecretsManagerClient } from '@aws-cdk/cdk-assets-lib';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Publishes a stack's assets before it deploys, as `cdk deploy` does: with the CDK's own publisher
 * (`@aws-cdk/cdk-assets-lib`), which checks the bucket (GetBucketLocation), skips what is already there
 * (ListObjectsV2), reads the bucket's default encryption (GetBucketEncryption) and uploads with it
 * (PutObject), zipping directory assets first.
 *
 * Like the CDK CLI, we hand the publisher its AWS access (`IAws`): S3 clients for the environment's S3
 * and the account and Region the local deploy stands for. The file publishing role the manifest names
 * is not assumed: the emulator models no IAM or STS.
 */
export async function publishAssets(manifestFiles: readonly string[], environment: Record<string, string>, account: string): Promise<void> {
  const aws = new LocalAws(environment, account);
  for (const file of manifestFiles) {
    const publishing = new AssetPublishing(AssetManifest.fromFile(file), { aws, throwOnError: true, publishInParallel: false });
    await publishing.publish();
  }
}

/** The AWS access the publisher gets: no STS, no ECR, no Secrets Manager, S3 at AWS_ENDPOINT_URL_S3. */
class LocalAws implements IAws {
  constructor(private readonly environment: Record<string, string>, private readonly account: string) {}

  public async discoverPartition(): Promise<string> {
    return 'aws';
  }

  public async discoverDefaultRegion(): Promise<string> {
    return this.environment.AWS_REGION ?? 'us-east-1';
  }

  public async discoverCurrentAccount(): Promise<Account> {
    return { accountId: this.account, partition: 'aws' };
  }

  public async discoverTargetAccount(_options: ClientOptions): Promise<Account> {
    return this.discoverCurrentAccount();
  }

  public async s3Client(options: ClientOptions): Promise<IS3Client> {
    const client = new S3Client({
      endpoint: this.environment.AWS_ENDPOINT_URL_S3,
      region: options.region ?? await this.discoverDefaultRegion(),
      credentials: { accessKeyId: this.environment.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: this.environment.AWS_SECRET_ACCESS_KEY ?? 'local' },
    });
    return {
      getBucketEncryption: (input) => client.send(new GetBucketEncryptionCommand(input)),
      getBucketLocation: (input) => client.send(new GetBucketLocationCommand(input)),
      listObjectsV2: (input) => client.send(new ListObjectsV2Command(input)),
      // Asset files are small: one PutObject, where the CLI's client would switch to multipart for large ones.
      upload: async (input) => {
        const { Body: _stream, ...rest } = input;
        const path = (input.Body as { path?: string } | undefined)?.path;
        if (typeof path !== 'string') throw new Error('local asset publishing uploads files only');
        return client.send(new PutObjectCommand({ ...rest, Body: readFileSync(path) }));
      },
    };
  }

  public async ecrClient(): Promise<IECRClient> {
    throw new Error('container image assets are not published by the local deploy');
  }

  public async secretsManagerClient(): Promise<ISecretsManagerClient> {
    throw new Error('container image assets are not published by the local deploy');
  }
}
