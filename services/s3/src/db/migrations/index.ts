import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_multipart_keys_cors.ts';

export const migrations = { '0001_init': migration0001, '0002_multipart_keys_cors': migration0002 };
