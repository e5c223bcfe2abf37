import { domainToASCII } from 'node:url';
import { AppError } from '@photocloud/kit';

/**
 * Email and username normalisation. One address has one spelling in the database: trimmed, NFKC,
 * lowercase, IDN domain in punycode. Input that only *looks* like another address is refused rather
 * than silently folded: compatibility characters (fullwidth, ligatures, …), invisible or bidi
 * controls, and local parts or domain labels mixing Latin, Cyrillic and Greek (the classic homoglyphs).
 */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

const ASCII_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const UNICODE_LOCAL = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Co}\p{Cn}]/u;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeEmail(input: string): string {
  const trimmed = input.trim();
  const nfc = trimmed.normalize('NFC');
  if (nfc.normalize('NFKC') !== nfc) throw invalidEmail('it contains look-alike (compatibility) characters');
  if (INVISIBLE.test(nfc)) throw invalidEmail('it contains spaces or invisible characters');
  const email = nfc.toLowerCase().normalize('NFKC');
  const at = email.lastIndexOf('@');
  if (at <= 0 || at !== email.indexOf('@')) throw invalidEmail('it needs exactly one @');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > MAX_LOCAL_LENGTH) throw invalidEmail('the part before @ is too long');
  if (!ASCII_LOCAL.test(local) && !UNICODE_LOCAL.test(local)) throw invalidEmail('the part before @ has characters not allowed there');
  if (mixesScripts(local)) throw invalidEmail('the part before @ mixes alphabets');
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => l === '' || mixesScripts(l))) throw invalidEmail('the domain is not valid');
  const ascii = domainToASCII(domain);
  if (!ascii || !ascii.split('.').every((l) => DNS_LABEL.test(l)) || /^[0-9]+$/.test(ascii.split('.').at(-1)!)) {
    throw invalidEmail('the domain is not valid');
  }
  const out = `${local}@${ascii}`;
  if (out.length > MAX_EMAIL_LENGTH) throw invalidEmail('it is too long');
  return out;
}

/** True when `s` is a plausible email (for places that must not throw). */
export function tryNormalizeEmail(input: string): string | null {
  try {
    return normalizeEmail(input);
  } catch {
    return null;
  }
}

const USERNAME = /^[a-z0-9](?:[a-z0-9._-]{1,30})[a-z0-9]$/;

/** Usernames are ASCII (so no look-alikes), 3 to 32 characters, compared lowercase. */
export function normalizeUsername(input: string): string {
  const u = input.trim().normalize('NFKC').toLowerCase();
  if (u !== input.trim().toLowerCase() || !USERNAME.test(u) || /[._-]{2}/.test(u)) throw new AppError('INVALID_USERNAME');
  return u;
}

// Scripts whose letters are confused with each other; CJK scripts count as one (Japanese mixes them).
const SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u],
];

function mixesScripts(s: string): boolean {
  const seen = new Set<string>();
  for (const ch of s) {
    if (!/\p{L}/u.test(ch)) continue;
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other';
    seen.add(script);
    if (seen.size > 1) return true;
  }
  return false;
}

function invalidEmail(why: string): AppError {
  return new AppError('INVALID_EMAIL', { message: `This email address is not valid: ${why}.` });
}
