export * from './package-association';
export * from './custom-package';
export * from './package-source';
export * from './dictionary-format';
export * from './package-type';
export * from './package-provider';
export * from './plugin-options';
export * from './plugin-installation';
