/**
 * The HTTP plumbing the emulator's servers and its test clients share: listening on the loopback
 * interface, reading a request body with a size limit, answering JSON, and sending one request and
 * collecting its answer.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { request as httpsRequest, RequestOptions, Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';

/** Makes a server listen on 127.0.0.1 (only) and resolves once it does. */
export async function listenOnLoopback(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The port a listening server got (useful with port 0). */
export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting requests and closes idle keep-alive connections (SDK clients keep them open). */
export async function close(server: HttpServer | HttpsServer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close(err => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** Reads a request body as UTF-8; more than `maxBytes` throws what `tooLarge()` returns. */
export async function readBody(req: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf-8');
}

/** Answers with `payload` as JSON; `headers` come on top of Content-Type (default application/json) and Content-Length. */
export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** What a server answered: the status and the body as text. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/** Sends one HTTPS request (with `body`, if any) and collects the answer. */
export function exchange(url: URL | string, options: RequestOptions, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
