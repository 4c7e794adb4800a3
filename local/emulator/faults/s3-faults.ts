/**
 * Faults of the emulated S3, for the staging calls a package handler makes (CopyObject, DeleteObject):
 * an error answered instead of doing the work (AccessDenied, a 500), or a reply fault of
 * reply-faults.ts (the work done, then the reply lost, unreadable or never sent; or the request
 * dropped before S3 acted). Queued and consumed like the package API's faults.
 */
import type { ReplyFaultKind } from './reply-faults';
import type { S3Operation } from '../s3/store';

export interface S3Fault {
  readonly operation: S3Operation;
  /** Only requests on this bucket. */
  readonly bucket?: string;
  /** Only requests on keys that start with this. */
  readonly keyPrefix?: string;
  /** How many matching requests the fault affects (default 1; `Infinity` for all). */
  readonly times?: number;
  /** Answer with this S3 error instead of doing the work, e.g. `{ code: 'AccessDenied', status: 403 }`. */
  readonly error?: { readonly code: string; readonly status: number; readonly message?: string };
  /** Or do the work (except for `dropped`) and spoil the reply. */
  readonly reply?: ReplyFaultKind;
}

interface Entry {
  readonly spec: S3Fault;
  remaining: number;
}

export class S3Faults {
  private readonly entries: Entry[] = [];

  public add(fault: S3Fault): this {
    if (!fault.error === !fault.reply) throw new Error('An S3 fault has either an error or a reply fault');
    const remaining = fault.times ?? 1;
    if (remaining >= 1) this.entries.push({ spec: fault, remaining });
    return this;
  }

  /** Used by the server: the fault for this request, if one matches (consuming one shot). */
  public take(operation: S3Operation, bucket: string, key: string): S3Fault | undefined {
    const index = this.entries.findIndex(({ spec, remaining }) => remaining > 0 && spec.operation === operation
      && (spec.bucket === undefined || spec.bucket === bucket) && (spec.keyPrefix === undefined || key.startsWith(spec.keyPrefix)));
    if (index < 0) return undefined;
    const entry = this.entries[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(index, 1);
    return entry.spec;
  }

  public pending(): Array<{ description: string; remaining: number }> {
    return this.entries.map(({ spec, remaining }) => ({
      description: `S3 ${spec.operation} -> ${spec.error ? spec.error.code : `${spec.reply} reply`}`,
      remaining,
    }));
  }

  public clear(): void {
    this.entries.length = 0;
  }
}
