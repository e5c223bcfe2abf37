import type { Kysely, Selectable, Updateable } from 'kysely';
import { AppError, isUniqueViolation } from '@photocloud/kit';
import type { AuthDb, UserTable } from '../db/schema.ts';

/** A user as read or about to be inserted; `role` may be left out of a new one (the column defaults to 'user'). */
export type UserRow = Omit<Selectable<UserTable>, 'role'> & { role?: Selectable<UserTable>['role'] };

export class UserStore {
  constructor(private readonly db: Kysely<AuthDb>) {}

  /** Inserts a user; a taken email answers CONFLICT (callers keep it secret), a taken username USERNAME_TAKEN. */
  async create(row: UserRow, db: Kysely<AuthDb> = this.db): Promise<void> {
    try {
      await db.insertInto('user').values(row).execute();
    } catch (err) {
      throw uniqueToDomain(err);
    }
  }

  async getById(id: string, db: Kysely<AuthDb> = this.db): Promise<UserRow | undefined> {
    return db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async getByEmail(email: string, db: Kysely<AuthDb> = this.db): Promise<UserRow | undefined> {
    return db.selectFrom('user').selectAll().where('email', '=', email).executeTakeFirst();
  }

  async listByRole(role: Selectable<UserTable>['role'], db: Kysely<AuthDb> = this.db): Promise<UserRow[]> {
    return db.selectFrom('user').selectAll().where('role', '=', role).orderBy('email').execute();
  }

  async update(id: string, patch: Updateable<UserTable>, db: Kysely<AuthDb> = this.db): Promise<UserRow | undefined> {
    try {
      return await db.updateTable('user').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    } catch (err) {
      throw uniqueToDomain(err);
    }
  }
}

function uniqueToDomain(err: unknown): unknown {
  if (isUniqueViolation(err, 'username')) return new AppError('USERNAME_TAKEN', { cause: err });
  if (isUniqueViolation(err, 'email')) return new AppError('CONFLICT', { message: 'email taken', cause: err });
  return err;
}
