/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random access code (6 characters: with the server's lockout after 5 wrong tries, guessing is hopeless). */
export function generateCode(length = 6): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  // 256 is not a multiple of 31: the slight bias is harmless for a code that is rate-limited.
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** A loose check of an email address: one @, something on each side, a dot in the domain. */
export function looksLikeEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

export type ExpiryChoice = '1' | '7' | '30' | 'date' | 'never';

/** The `expiresAt` a choice sends: null for never, the end of the chosen day (local time) for a date. */
export function expiryOf(choice: ExpiryChoice, date: string, now = new Date()): string | null {
  if (choice === 'never') return null;
  if (choice === 'date') return new Date(`${date}T23:59:59`).toISOString();
  return new Date(now.getTime() + Number(choice) * 24 * 60 * 60 * 1000).toISOString();
}

/** `YYYY-MM-DD` of a day `days` from now, for the date input's min, max and default. */
export function dayFromNow(days: number, now = new Date()): string {
  const d = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "1 item" / "3 items": the count with its noun in the right number. */
export function countOf(t: (k: 'share.items' | 'share.oneItem' | 'share.views' | 'share.oneView', v?: Record<string, number>) => string, what: 'items' | 'views', count: number): string {
  if (what === 'items') return count === 1 ? t('share.oneItem') : t('share.items', { count });
  return count === 1 ? t('share.oneView') : t('share.views', { count });
}
