export * from './errors.ts';
export * from './claims.ts';
