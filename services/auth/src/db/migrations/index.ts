import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_passkeys_providers.ts';
import { migration0003 } from './0003_roles.ts';

export const migrations = { '0001_init': migration0001, '0002_passkeys_providers': migration0002, '0003_roles': migration0003 };
