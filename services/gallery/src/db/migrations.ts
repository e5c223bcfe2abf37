import type { Migration } from 'kysely';
import { init } from './migrations/0001_init.ts';
import { shares } from './migrations/0002_shares.ts';
import { similar } from './migrations/0003_similar.ts';
import { favoritesIndex } from './migrations/0004_favorites_index.ts';
import { multipartUploads } from './migrations/0005_multipart_uploads.ts';
import { buckets } from './migrations/0006_buckets.ts';
import { phashBands } from './migrations/0007_phash_bands.ts';

/** Every gallery migration, in order. */
export const GALLERY_MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
  '0002_shares': shares,
  '0003_similar': similar,
  '0004_favorites_index': favoritesIndex,
  '0005_multipart_uploads': multipartUploads,
  '0006_buckets': buckets,
  '0007_phash_bands': phashBands,
};
