export * from './files.ts';
export type * from './types.ts';
