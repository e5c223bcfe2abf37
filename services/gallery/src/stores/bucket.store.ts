import type { Kysely, Selectable } from 'kysely';
import { AppError, isUniqueViolation } from '@photocloud/kit';
import type { BucketTable, GalleryDB } from '../db/schema.ts';

export type BucketRow = Selectable<BucketTable>;

/** The catalog of buckets created through PhotoCloud. */
export class BucketStore {
  constructor(private readonly db: Kysely<GalleryDB>) {}

  async get(name: string): Promise<BucketRow | undefined> {
    return this.db.selectFrom('bucket').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async list(): Promise<BucketRow[]> {
    return this.db.selectFrom('bucket').selectAll().orderBy('name').execute();
  }

  /** Records a bucket; a name already recorded answers CONFLICT. */
  async insert(row: BucketRow): Promise<void> {
    try {
      await this.db.insertInto('bucket').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { message: `The bucket "${row.name}" already exists.`, details: { name: row.name, where: 'catalog' }, cause: err });
      throw err;
    }
  }
}
