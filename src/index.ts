export * from './package-association';
export * from './custom-package';
export * from './package-source';
export * from './package-type';
export * from './package-provider';
