import { hash, verify, type Options } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum (unusable under verbatimModuleSyntax); 2 is Argon2id.
const ARGON2ID = 2 as Options['algorithm'];
/** OWASP's first argon2id line (19 MiB, 2 passes, 1 lane), as the auth service uses for passwords. */
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } satisfies Options;

/** Access codes of share links: stored as argon2id only, checked with the same work whether right or wrong. */
export const shareCodes = {
  hash: (code: string): Promise<string> => hash(code.normalize('NFKC'), PARAMS),
  async verify(stored: string, code: string): Promise<boolean> {
    try {
      return await verify(stored, code.normalize('NFKC'));
    } catch {
      return false;
    }
  },
};
