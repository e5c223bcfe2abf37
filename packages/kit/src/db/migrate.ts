import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Migrations are TypeScript modules listed explicitly, so they ship inside the package. */
export function staticMigrations(migrations: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => migrations };
}

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>): Promise<void> {
  // Services may share one PostgreSQL database, each in its own schema (search_path): keep each
  // service's migration bookkeeping in its schema too, or the second service finds the first's tables.
  const schema = await postgresSchema(db);
  const migrator = new Migrator({ db, provider: staticMigrations(migrations), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${(error as Error)?.message ?? 'unknown error'}`, { cause: error });
  }
}

/** The current schema on PostgreSQL; undefined on SQLite. */
async function postgresSchema(db: Kysely<any>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}
