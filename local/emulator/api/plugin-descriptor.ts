/**
 * What the service reads from a custom plugin's ZIP when it validates a version: the
 * `plugin-descriptor.properties` file (name, description, version, classname) and the size of the
 * unpacked plugin. They come back as `PluginProperties` (GetPackageVersionHistory) and
 * `AvailablePluginProperties` (DescribePackages), shapes of the service model. The descriptor's keys
 * are OpenSearch's plugin descriptor format
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/custom-plugins.html).
 *
 * A file that is not a ZIP, or has no descriptor, gives no properties: the emulator does not model
 * plugin validation itself (see README.md).
 */
import { inflateRawSync } from 'node:zlib';
import type { PluginProperties } from './model';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const DESCRIPTOR = 'plugin-descriptor.properties';

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

/** The plugin's properties, or undefined when the file is not a plugin ZIP with a descriptor. */
export function readPluginDescriptor(zip: Buffer): PluginProperties | undefined {
  const entries = centralDirectory(zip);
  const descriptor = entries?.find((e) => e.name === DESCRIPTOR || e.name.endsWith(`/${DESCRIPTOR}`));
  if (!entries || !descriptor) return undefined;
  const text = entryContent(zip, descriptor);
  if (text === undefined) return undefined;
  const properties = parseProperties(text.toString('utf8'));
  // The model caps each of these strings at 1024 characters (shapes PluginName, PluginDescription, ...).
  const get = (key: string) => properties.get(key)?.slice(0, 1024);
  return {
    Name: get('name'),
    Description: get('description'),
    Version: get('version'),
    ClassName: get('classname'),
    UncompressedSizeInBytes: entries.reduce((sum, e) => sum + e.uncompressedSize, 0),
  };
}

function centralDirectory(zip: Buffer): ZipEntry[] | undefined {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) return undefined;
    const nameLength = zip.readUInt16LE(offset + 28);
    entries.push({
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      uncompressedSize: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function entryContent(zip: Buffer, entry: ZipEntry): Buffer | undefined {
  const header = entry.localHeaderOffset;
  if (header + 30 > zip.length || zip.readUInt32LE(header) !== LOCAL_FILE_HEADER) return undefined;
  const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method !== 8) return undefined;
  try {
    return inflateRawSync(data);
  } catch {
    return undefined;
  }
}

/** Java properties, as far as plugin descriptors use them: `key=value` lines, `#` and `!` comments. */
function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const separator = line.search(/[=:]/);
    if (separator < 0) continue;
    properties.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return properties;
}
