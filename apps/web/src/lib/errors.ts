import { isApiError } from '@photocloud/sdk';
import type { MessageKey } from '../i18n/en.ts';

/** What to show for a failed call: the server's message (it explains the rule), or ours when offline. */
export function errorText(err: unknown, t: (k: MessageKey) => string): string {
  if (isApiError(err, 'NETWORK')) return t('common.offline');
  if (isApiError(err) && err.message) return err.message;
  return t('common.error');
}
