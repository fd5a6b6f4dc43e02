export * from './assess';
export * from './classify';
export * from './decide';
export * from './hostPattern';
export * from './resolve';
export * from './target';
