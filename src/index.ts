export * from './package-association';
