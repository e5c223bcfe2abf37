import { isApiError } from '@photocloud/sdk';
import { Field } from '../components/Field.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { errorText } from '../lib/errors.ts';
import { useI18n } from '../lib/i18n.tsx';
import { dayFromNow, type ExpiryChoice } from './code.ts';

/** Longest expiry the date input offers; the server has the last word (SHARE_MAX_DAYS) and says why. */
const MAX_DAYS = 90;
const CHOICES = ['1', '7', '30', 'date', 'never'] as const;

/** What a refused save says: a server that allows no "never" says so in words; anything else as usual. */
export function expirySaveError(err: unknown, expiry: ExpiryChoice | 'keep', t: (k: MessageKey) => string): string {
  return expiry === 'never' && isApiError(err, 'VALIDATION_FAILED') ? t('share.neverRefused') : errorText(err, t);
}

/**
 * When a link stops working: in a few days, on a date (then a date input), or never. With `keepLabel`
 * (link settings) a first option leaves the current expiry as it is.
 */
export function ExpiryField<T extends ExpiryChoice | 'keep'>(props: {
  id: string;
  value: T;
  onChange(value: T): void;
  date: string;
  onDateChange(date: string): void;
  keepLabel?: string;
}) {
  const { t } = useI18n();
  const { id, value, onChange, date, onDateChange, keepLabel } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{t('share.expiry')}</label>
        <select id={id} className="share-select" value={value} onChange={(e) => onChange(e.target.value as T)}>
          {keepLabel ? <option value="keep">{keepLabel}</option> : null}
          {CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`share.expiry.${c}`)}
            </option>
          ))}
        </select>
      </div>
      {value === 'date' ? <Field label={t('share.expiryDate')} type="date" required min={dayFromNow(1)} max={dayFromNow(MAX_DAYS)} value={date} onChange={(e) => onDateChange(e.target.value)} /> : null}
    </>
  );
}
