import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Migrations are TypeScript modules listed explicitly, so they ship inside the package. */
export function staticMigrations(migrations: Record<string, Migration>): MigrationProvider {
  return { getMigrations: async () => migrations };
}

/** Brings the schema to the latest version; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrations(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${(error as Error)?.message ?? 'unknown error'}`, { cause: error });
  }
}
