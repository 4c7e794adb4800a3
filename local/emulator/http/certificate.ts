/**
 * A throwaway TLS certificate for the emulated domain endpoints, made with the system `openssl` CLI when an
 * emulator starts with `domainEndpoints: true`: self-signed, valid for one day, for 127.0.0.1 and localhost. Clients trust it by its file
 * (`NODE_EXTRA_CA_CERTS`, or the `ca` option of `https.request`), so HTTPS is verified, never switched off.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface Certificate {
  /** PEM file of the certificate: what clients trust. */
  readonly certFile: string;
  readonly cert: string;
  readonly key: string;
  /** Deletes the files. */
  remove(): void;
}

export async function createCertificate(): Promise<Certificate> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opensearch-emulator-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  try {
    await execFileAsync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', keyFile, '-out', certFile,
    ]);
    return {
      certFile,
      cert: readFileSync(certFile, 'utf-8'),
      key: readFileSync(keyFile, 'utf-8'),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not create the emulator's TLS certificate with openssl: ${(error as Error).message}`);
  }
}
