import type { Migration } from 'kysely';
import { init } from './migrations/0001_init.ts';

/** Every gallery migration, in order. */
export const GALLERY_MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
};
