/**
 * Faults on the way to or from the service: the client does not get a usable answer. All but
 * `dropped` happen after the service did the work (a CreatePackage creates the package):
 * - `empty`: a 200 whose body is `{}` (a proxy or a service bug dropping the payload);
 * - `html`: a 200 whose body is an HTML error page (a proxy or load balancer answering);
 * - `truncated`: a 200 whose JSON body is cut short (a connection closed mid-body);
 * - `lost`: a 500 InternalException, as when a reply is lost on the way back; the SDK retries;
 * - `hang`: no answer at all: the connection stays open until the client gives up (or the emulator stops);
 * - `dropped`: the request is lost before the service acts: the connection is reset, nothing is done.
 * Queued and consumed like the other faults (first match fires, `times` shots). Both the package API
 * and the emulated S3 use them (S3 has its own queue, see s3-faults.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DomainPackageStatus, OperationName } from '../api/model';

/**
 * Which requests a fault applies to; unset fields match anything. Shared by every kind of fault
 * (faults.ts re-exports it); here because faults.ts imports this module.
 */
export interface FaultTarget {
  /** Only requests on this domain. */
  readonly domainName?: string;
  /** Only requests on this package. */
  readonly packageId?: string;
  /** How many matching requests the fault affects (default 1; `Infinity` for all). */
  readonly times?: number;
}

export type ReplyFaultKind = 'empty' | 'html' | 'truncated' | 'lost' | 'hang' | 'dropped';

/** What a load balancer in front of a service answers when the service behind it is unwell. */
const HTML_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/**
 * Sends the faulty 200 of `empty`, `html` or `truncated` (with `body`, the reply the service would
 * have sent), or nothing at all for `hang` and `dropped`. `lost` is the server's own error answer.
 * Returns the status the call log records (0: nothing was answered).
 */
export function sendFaultyReply(kind: Exclude<ReplyFaultKind, 'lost'>, req: IncomingMessage, res: ServerResponse, body: string, contentType: string): number {
  switch (kind) {
    case 'empty':
      return answer(res, 'application/json', '{}');
    case 'html':
      return answer(res, 'text/html', HTML_PAGE);
    case 'truncated':
      // Half the body (at least its first character): never a whole document.
      return answer(res, contentType, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    case 'hang':
      // The connection stays open: the emulator's stop() closes it (closeAllConnections).
      return 0;
    case 'dropped':
      req.socket.destroy();
      return 0;
  }
}

function answer(res: ServerResponse, contentType: string, text: string): number {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return 200;
}

export interface ReplyFault extends FaultTarget {
  readonly operation: OperationName;
  readonly kind: ReplyFaultKind;
  /** Only requests naming this package (CreatePackage, whose id is not known in advance). */
  readonly packageName?: string;
  /** Only while the association of `domainName`/`packageId` has this status (e.g. DISSOCIATING). */
  readonly whileStatus?: DomainPackageStatus;
}

/** What the server knows about a request when it asks for a reply fault. */
export interface ReplyContext {
  readonly domainName?: string;
  readonly packageId?: string;
  readonly packageName?: string;
  /** The current status of an association, or undefined when there is none. */
  readonly statusOf: (domainName: string, packageId: string) => DomainPackageStatus | undefined;
}

interface Entry {
  readonly spec: ReplyFault;
  remaining: number;
}

/** The queue of reply faults of one emulator. */
export class ReplyFaults {
  private readonly entries: Entry[] = [];

  public add(fault: ReplyFault): this {
    const remaining = fault.times ?? 1;
    if (remaining >= 1) this.entries.push({ spec: fault, remaining });
    return this;
  }

  /** Decided before the request is processed, so `whileStatus` sees the state the request met. */
  public take(operation: OperationName, context: ReplyContext): ReplyFaultKind | undefined {
    const index = this.entries.findIndex(({ spec, remaining }) => remaining > 0 && spec.operation === operation && applies(spec, context));
    if (index < 0) return undefined;
    const entry = this.entries[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(index, 1);
    return entry.spec.kind;
  }

  public pending(): Array<{ description: string; remaining: number }> {
    return this.entries.map(({ spec, remaining }) => ({
      description: `${spec.operation} -> ${spec.kind} reply${spec.whileStatus ? ` while ${spec.whileStatus}` : ''}`,
      remaining,
    }));
  }

  public clear(): void {
    this.entries.length = 0;
  }
}

function applies(spec: ReplyFault, context: ReplyContext): boolean {
  if (spec.domainName !== undefined && spec.domainName !== context.domainName) return false;
  // A request that names no package (ListPackagesForDomain) is matched by domain; `packageId` then
  // only says whose status `whileStatus` is about.
  if (spec.packageId !== undefined && context.packageId !== undefined && spec.packageId !== context.packageId) return false;
  if (spec.packageName !== undefined && spec.packageName !== context.packageName) return false;
  if (spec.whileStatus !== undefined) {
    const domainName = spec.domainName ?? context.domainName;
    const packageId = spec.packageId ?? context.packageId;
    return domainName !== undefined && packageId !== undefined && context.statusOf(domainName, packageId) === spec.whileStatus;
  }
  return true;
}
