/**
 * The file behind each package version, for the domain endpoint to build analyzers from. Kept apart from the
 * package records (state/packages.ts): CreatePackage/UpdatePackage record the bytes they copied from the emulated S3,
 * and a test may give a seeded package's content (`addPackage({ ..., content })`). A version without content
 * is one whose file the emulator never saw, and the domain endpoint then checks nothing in it.
 */
export class PackageFiles {
  private readonly files = new Map<string, Buffer>();

  /** Records the file of one package version. */
  public set(packageId: string, version: string, content: string | Uint8Array): void {
    this.files.set(key(packageId, version), typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }

  /** The file of one package version, if the emulator knows it. */
  public get(packageId: string, version: string): Buffer | undefined {
    return this.files.get(key(packageId, version));
  }
}

function key(packageId: string, version: string): string {
  return `${packageId}@${version}`;
}
