/**
 * Dummy credentials. The package API accepts any SigV4 signature; the domain endpoints verify signatures
 * and accept only these.
 */
export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIAEMULATOR00000000', secretAccessKey: 'emulator-secret-access-key' } as const;
