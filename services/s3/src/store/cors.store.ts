import type { Kysely } from 'kysely';
import type { S3Db } from '../db/schema.ts';

export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** Bucket CORS configurations (one JSON document per bucket). */
export class CorsStore {
  constructor(private readonly db: Kysely<S3Db>) {}

  async get(bucket: string): Promise<CorsRule[] | undefined> {
    const row = await this.db.selectFrom('bucketCors').select('rules').where('bucket', '=', bucket).executeTakeFirst();
    return row && (JSON.parse(row.rules) as CorsRule[]);
  }

  async put(bucket: string, rules: CorsRule[]): Promise<void> {
    const json = JSON.stringify(rules);
    await this.db
      .insertInto('bucketCors')
      .values({ bucket, rules: json })
      .onConflict((oc) => oc.column('bucket').doUpdateSet({ rules: json }))
      .execute();
  }

  async delete(bucket: string): Promise<void> {
    await this.db.deleteFrom('bucketCors').where('bucket', '=', bucket).execute();
  }
}
