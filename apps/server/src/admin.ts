import { parseArgs } from 'node:util';
import { isAppError } from '@photocloud/kit';
import { loadAuthConfig, openRoleAdmin } from '@photocloud/auth';

export const ADMIN_USAGE = `Usage: photocloud admin <command> [options]

Commands:
  promote <email>       Give the account the admin role (it may then create storage buckets).
  demote <email>        Take the admin role away.
  list                  List the administrators.

A role change reaches the account's access token at its next refresh (within ACCESS_TOKEN_TTL) or
sign-in. ADMIN_EMAILS names accounts that become admins whenever they sign in.
The auth database is found like the server finds it: DATA_DIR, or DATABASE_URL.`;

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const STDIO: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** `photocloud admin …`: changes roles in the auth database directly. Returns the exit code. */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliOutput = STDIO): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  const [command, email, extra] = positionals;
  const known = (command === 'promote' || command === 'demote') ? email !== undefined && extra === undefined : command === 'list' && email === undefined;
  if (values.help || !known) {
    (values.help ? io.out : io.err)(`${ADMIN_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  let admin;
  try {
    admin = await openRoleAdmin(loadAuthConfig(env));
  } catch (err) {
    io.err(`photocloud admin: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    if (command === 'list') {
      const admins = await admin.roles.listAdmins();
      if (admins.length === 0) io.out(`no administrators yet: photocloud admin promote <email>\n`);
      for (const u of admins) io.out(`${u.email}  ${u.id}\n`);
      return 0;
    }
    const role = command === 'promote' ? 'admin' : 'user';
    const user = await admin.roles.setByEmail(email!, role);
    io.out(`${user.email} is now ${role === 'admin' ? 'an administrator' : 'a regular user'} (from their next token refresh or sign-in)\n`);
    if (role === 'user' && admin.roles.isListedAdmin(user.email)) {
      io.err(`warning: ADMIN_EMAILS names ${user.email}: they become an administrator again at their next sign-in\n`);
    }
    return 0;
  } catch (err) {
    const where = isAppError(err) && err.code === 'NOT_FOUND' ? ` (looked in ${admin.where})` : '';
    io.err(`photocloud admin: ${(err as Error).message.replace(/\.$/, '')}${where}\n`);
    return 1;
  } finally {
    await admin.close();
  }
}
