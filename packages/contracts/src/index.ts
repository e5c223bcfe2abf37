export * from './errors.ts';
export * from './claims.ts';
export * from './gallery.ts';
export * from './auth.ts';
export * from './admin.ts';
