/** The emulated S3's fault controls for the staging calls, seen through the real @aws-sdk/client-s3. */
import { CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Emulator, startEmulator } from '../../../local/emulator';

let emu: Emulator;
let s3: S3Client;

beforeEach(async () => {
  emu = await startEmulator();
  s3 = new S3Client({ ...emu.s3ClientConfig(), maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: 'staging' }));
  await s3.send(new PutObjectCommand({ Bucket: 'staging', Key: 'source.txt', Body: 'laptop, notebook\n' }));
});

afterEach(async () => {
  s3.destroy();
  await emu.stop();
});

const exists = (key: string) => s3.send(new HeadObjectCommand({ Bucket: 'staging', Key: key })).then(() => true, () => false);
const copy = () => s3.send(new CopyObjectCommand({ Bucket: 'staging', Key: 'copy.txt', CopySource: 'staging/source.txt' }));

test('an error fault answers the error and does nothing', async () => {
  emu.faults.s3.add({ operation: 'DeleteObject', error: { code: 'AccessDenied', status: 403 } });

  await expect(s3.send(new DeleteObjectCommand({ Bucket: 'staging', Key: 'source.txt' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  expect(await exists('source.txt')).toBe(true);
  expect(emu.faults.pending()).toEqual([]);
});

test('a lost CopyObject reply: the copy is made, the client gets a 500', async () => {
  emu.faults.s3.add({ operation: 'CopyObject', reply: 'lost' });

  await expect(copy()).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
  expect(await exists('copy.txt')).toBe(true);
});

test('a dropped CopyObject request does nothing', async () => {
  emu.faults.s3.add({ operation: 'CopyObject', reply: 'dropped' });

  await expect(copy()).rejects.toBeInstanceOf(Error);
  expect(await exists('copy.txt')).toBe(false);
});

test('a hang after DeleteObject deleted the object: the client gives up, the object is gone', async () => {
  emu.faults.s3.add({ operation: 'DeleteObject', reply: 'hang' });
  const impatient = new S3Client({ ...emu.s3ClientConfig(), maxAttempts: 1, requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
  try {
    await expect(impatient.send(new DeleteObjectCommand({ Bucket: 'staging', Key: 'source.txt' }))).rejects.toMatchObject({ name: 'TimeoutError' });
  } finally {
    impatient.destroy();
  }
  expect(await exists('source.txt')).toBe(false);
});

test('a fault names either an error or a reply fault', () => {
  expect(() => emu.faults.s3.add({ operation: 'CopyObject' })).toThrow('An S3 fault has either an error or a reply fault');
});
