import { useId, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { looksLikeEmail } from './code.ts';

/** Email addresses as removable chips: Enter, comma or Add puts the typed address in the list. */
export function RecipientsField({ emails, onChange }: { emails: string[]; onChange(emails: string[]): void }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const add = (): boolean => {
    const parts = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
    if (parts.length === 0) return true;
    const bad = parts.find((p) => !looksLikeEmail(p));
    if (bad) {
      setError(t('share.badEmail', { email: bad }));
      return false;
    }
    const known = new Set(emails.map((e) => e.toLowerCase()));
    onChange([...emails, ...parts.filter((p) => !known.has(p.toLowerCase()))]);
    setText('');
    setError(null);
    return true;
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      // Enter adds the address instead of submitting the whole form.
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && text === '' && emails.length > 0) {
      onChange(emails.slice(0, -1));
    }
  };

  return (
    <div className="field recipients">
      <label htmlFor={id}>{t('share.recipients')}</label>
      {emails.length > 0 ? (
        <ul className="chips">
          {emails.map((email) => (
            <li key={email} className="chip">
              <span>{email}</span>
              <button type="button" onClick={() => onChange(emails.filter((e) => e !== email))} aria-label={t('share.removeRecipient', { email })}>
                <Icon name="close" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="recipient-input">
        <input
          id={id}
          type="email"
          multiple
          autoComplete="email"
          value={text}
          placeholder="name@example.com"
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => void (text.trim() && add())}
        />
        <button type="button" className="btn btn-outline" onClick={() => add()} disabled={!text.trim()}>
          {t('share.addRecipient')}
        </button>
      </div>
      <small id={`${id}-hint`} className={error ? 'hint share-error-text' : 'hint'} role={error ? 'alert' : undefined}>
        {error ?? t('share.recipientsHint')}
      </small>
    </div>
  );
}
