/**
 * Opaque NextTokens. Real AWS tokens are opaque and bound to the listing that issued them, so
 * clients must not build or reuse them across listings; ours are base64url(JSON) carrying the
 * offset and a fingerprint of the listing (operation + its arguments + a per-emulator secret),
 * which makes a token from another list, another emulator, or a hand-made number fail loudly.
 */
import { createHash, randomBytes } from 'node:crypto';
import { validationError } from './errors';

/** One page of a listing. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** Paging settings of one emulator. */
export interface PaginatorOptions {
  /** Page size when the client sends no MaxResults. */
  readonly defaultPageSize: number;
  /** Hard cap on page size, applied even when the client asks for more (forces many pages in tests). */
  readonly pageCap: number;
}

interface TokenBody {
  readonly o: number;
  readonly f: string;
}

/** Issues and checks NextTokens for one emulator instance. */
export class Paginator {
  // Per-instance, so tokens from another emulator (or a restart) are refused.
  private readonly secret = randomBytes(16).toString('hex');

  constructor(private readonly options: PaginatorOptions) {}

  /**
   * Returns the page of `items` selected by `nextToken` and `maxResults`.
   * @param listKey identifies the listing (operation and arguments) the token is bound to
   */
  public page<T>(listKey: string, items: readonly T[], maxResults: number | undefined, nextToken: string | undefined): Page<T> {
    const fingerprint = this.fingerprint(listKey);
    const offset = nextToken === undefined || nextToken === '' ? 0 : this.decode(nextToken, fingerprint);
    const size = Math.max(1, Math.min(maxResults ?? this.options.defaultPageSize, this.options.pageCap));
    const slice = items.slice(offset, offset + size);
    const next = offset + size;
    return next < items.length ? { items: slice, nextToken: this.encode({ o: next, f: fingerprint }) } : { items: slice };
  }

  private fingerprint(listKey: string): string {
    return createHash('sha256').update(this.secret).update('\0').update(listKey).digest('base64url').slice(0, 16);
  }

  private encode(body: TokenBody): string {
    return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  }

  private decode(token: string, fingerprint: string): number {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      throw validationError('Invalid nextToken: the token is malformed.');
    }
    const { o, f } = (body ?? {}) as Partial<TokenBody>;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || typeof f !== 'string') {
      throw validationError('Invalid nextToken: the token is malformed.');
    }
    if (f !== fingerprint) {
      throw validationError('Invalid nextToken: the token was not issued for this request.');
    }
    return o;
  }
}
