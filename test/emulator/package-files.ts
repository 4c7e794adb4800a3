/**
 * The file behind each package version, for the domain endpoint to build analyzers from. Kept apart from the
 * package records (state.ts): today a test gives a version's content when it seeds the package
 * (`addPackage({ ..., content })`); a CreatePackage/UpdatePackage that reads its S3 object can record the bytes
 * of the version it makes here too. A version without content is one whose file the emulator never saw, and
 * the domain endpoint then checks nothing in it.
 */
export class PackageFiles {
  private readonly files = new Map<string, Uint8Array>();

  /** Records the file of one package version. */
  public set(packageId: string, version: string, content: string | Uint8Array): void {
    this.files.set(key(packageId, version), typeof content === 'string' ? Buffer.from(content, 'utf8') : Uint8Array.from(content));
  }

  /** The file of one package version, if the emulator knows it. */
  public get(packageId: string, version: string): Uint8Array | undefined {
    return this.files.get(key(packageId, version));
  }
}

function key(packageId: string, version: string): string {
  return `${packageId}@${version}`;
}
