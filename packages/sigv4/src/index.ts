export * from './encode.ts';
export * from './canonical.ts';
export * from './signing-key.ts';
export * from './sign.ts';
export * from './chunk.ts';
export * from './verify.ts';
