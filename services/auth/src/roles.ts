import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrateToLatest, openDb, systemClock } from '@photocloud/kit';
import type { AuthConfig } from './config.ts';
import { migrations } from './db/migrations/index.ts';
import type { AuthDb } from './db/schema.ts';
import { adminEmailList, RoleService } from './services/role.service.ts';
import { UserStore } from './stores/user.store.ts';

/** Roles managed from outside the running service (the `photocloud admin` command). */
export interface RoleAdmin {
  roles: RoleService;
  /** Which database was opened, for messages. */
  where: string;
  close(): Promise<void>;
}

/**
 * Opens the auth database the service uses (same DATA_DIR / DATABASE_URL) to change roles. Safe while
 * the service runs: a role is read at each sign-in and token refresh.
 */
export async function openRoleAdmin(config: AuthConfig): Promise<RoleAdmin> {
  const adminEmails = adminEmailList(config.adminEmails);
  const sqlitePath = resolve(config.dataDir, 'auth', 'auth.db');
  // Opening SQLite creates the file: a wrong directory would otherwise look like an empty install.
  if (!config.databaseUrl && !existsSync(sqlitePath)) {
    throw new Error(`no auth database at ${sqlitePath}: run this where PhotoCloud runs, or set DATA_DIR / DATABASE_URL as it does`);
  }
  const database = await openDb<AuthDb>({ url: config.databaseUrl, sqlitePath, schema: 'auth' });
  try {
    await migrateToLatest(database.db, migrations);
  } catch (err) {
    await database.close();
    throw err;
  }
  return { where: config.databaseUrl ? 'the PostgreSQL database (schema auth)' : sqlitePath, roles: new RoleService(new UserStore(database.db), adminEmails, systemClock), close: () => database.close() };
}
