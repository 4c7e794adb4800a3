import * as fs from 'fs';

/**
 * Reads a text file once, in chunks, and hands over its lines with their numbers: memory stays flat however
 * large the dictionary, and the file is never read twice.
 *
 * Lines end as Java's `BufferedReader.readLine()` ends them (`\n`, `\r\n` or a lone `\r`), because that is
 * how OpenSearch reads synonyms and word lists
 * (https://docs.oracle.com/en/java/javase/21/docs/api/java.base/java/io/BufferedReader.html#readLine()).
 */

/** What the reader tells its caller about the file. */
export interface LineHandler {
  /** One line, without its line ending. Invalid UTF-8 sequences arrive as U+FFFD. */
  line(text: string, lineNumber: number): void;
  /** A line that is not valid UTF-8, reported once before the line itself. */
  invalidUtf8(lineNumber: number, byteInLine: number): void;
  /** The line holding byte `markByte` of the file (see {@link ReadOptions}). */
  mark?(lineNumber: number): void;
}

export interface ReadOptions {
  /** A byte offset whose line the caller wants to know (the dictionary size limit). */
  readonly markByte?: number;
  /** Bytes read at a time. */
  readonly chunkBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** Streams `filePath` line by line into `handler`. Returns the number of lines. */
export function readLines(filePath: string, handler: LineHandler, options: ReadOptions = {}): number {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  // ignoreBOM keeps a byte-order mark in the text, where the lint can see it (OpenSearch keeps it too).
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const fd = fs.openSync(filePath, 'r');
  let lineNumber = 0;
  let carry = Buffer.alloc(0);
  let fileOffset = 0; // file offset of carry[0]
  let marked = options.markByte === undefined;

  /** Decodes complete lines (bytes ending with a newline, or the file's last line) and hands them over. */
  const emit = (bytes: Buffer, isLast: boolean): void => {
    if (!marked && options.markByte! < fileOffset + bytes.length) {
      handler.mark?.(lineNumber + 1 + countNewlines(bytes, options.markByte! - fileOffset));
      marked = true;
    }
    let text: string;
    try {
      text = strict.decode(bytes);
    } catch {
      emitLineByLine(bytes, isLast);
      return;
    }
    emitText(text, isLast);
  };

  const emitText = (text: string, isLast: boolean): void => {
    const lines = text.split('\n');
    // Text ending in a newline leaves an empty last piece, which is no line of its own.
    if (!isLast || lines[lines.length - 1] === '') lines.pop();
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.includes('\r')) {
        for (const piece of line.split('\r')) handler.line(piece, ++lineNumber);
      } else {
        handler.line(line, ++lineNumber);
      }
    }
  };

  /**
   * The slow path, only for a region with invalid UTF-8: finds the line (ended by \n, \r\n or a lone \r),
   * then goes on leniently.
   */
  const emitLineByLine = (bytes: Buffer, isLast: boolean): void => {
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      const atEnd = i === bytes.length;
      if (!atEnd && bytes[i] !== NEWLINE && bytes[i] !== CARRIAGE_RETURN) continue;
      // After the last line end there is no line, unless the file's last line has none.
      if (atEnd && (start === i || !isLast)) break;
      const lineBytes = bytes.subarray(start, i);
      let text: string;
      try {
        text = strict.decode(lineBytes);
      } catch {
        handler.invalidUtf8(lineNumber + 1, firstInvalidByte(lineBytes));
        text = lenient.decode(lineBytes);
      }
      handler.line(text, ++lineNumber);
      if (!atEnd && bytes[i] === CARRIAGE_RETURN && bytes[i + 1] === NEWLINE) i++;
      start = i + 1;
    }
  };

  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunkBytes, null);
      if (read === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      const lastNewline = data.lastIndexOf(NEWLINE);
      if (lastNewline < 0) {
        carry = Buffer.from(data);
        continue;
      }
      emit(data.subarray(0, lastNewline + 1), false);
      fileOffset += lastNewline + 1;
      // Copied: the chunk buffer is reused by the next read.
      carry = Buffer.from(data.subarray(lastNewline + 1));
    }
    if (carry.length > 0) emit(carry, true);
  } finally {
    fs.closeSync(fd);
  }
  return lineNumber;
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < end; i = bytes.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629, section 4). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i; // not a continuation byte
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return bytes.length;
}
