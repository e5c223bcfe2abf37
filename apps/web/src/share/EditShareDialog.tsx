import { useState, type FormEvent } from 'react';
import type { Share, UpdateShareRequest } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { FormError } from '../components/AuthLayout.tsx';
import { Switch } from './Switch.tsx';
import { dayFromNow, expiryOf, generateCode, type ExpiryChoice } from './code.ts';
import { CodeInput } from './CodeInput.tsx';
import { ExpiryField, expirySaveError } from './ExpiryField.tsx';
import './share.css';

type CodeChoice = 'keep' | 'new' | 'remove';

/** Changes a live link's settings: a new expiry, a new or no access code, downloads on or off. */
export function EditShareDialog({ share, title, onClose, onSaved }: { share: Share; title: string; onClose(): void; onSaved(share: Share): void }) {
  const { t } = useI18n();
  const [expiry, setExpiry] = useState<ExpiryChoice | 'keep'>('keep');
  const [date, setDate] = useState(() => dayFromNow(14));
  const [codeChoice, setCodeChoice] = useState<CodeChoice>('keep');
  const [code, setCode] = useState(generateCode);
  const [allowDownload, setAllowDownload] = useState(share.allowDownload);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: UpdateShareRequest = {
      ...(expiry !== 'keep' ? { expiresAt: expiryOf(expiry, date) } : {}),
      ...(codeChoice === 'new' ? { code: code.trim() } : codeChoice === 'remove' ? { code: null } : {}),
      ...(allowDownload !== share.allowDownload ? { allowDownload } : {}),
    };
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.shares.update(share.id, patch));
    } catch (err) {
      setError(expirySaveError(err, expiry, t));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('share.editTitle', { name: title })} onClose={onClose}>
      <form className="form share-dialog" onSubmit={submit}>
        <ExpiryField id="share-edit-expiry" value={expiry} onChange={setExpiry} date={date} onDateChange={setDate} keepLabel={t('share.keepExpiry')} />
        <div className="field">
          <label htmlFor="share-edit-code">{t('share.code')}</label>
          <select id="share-edit-code" className="share-select" value={codeChoice} onChange={(e) => setCodeChoice(e.target.value as CodeChoice)}>
            <option value="keep">{share.hasCode ? t('share.keepCode') : t('share.noCode')}</option>
            <option value="new">{t('share.newCode')}</option>
            {share.hasCode ? <option value="remove">{t('share.removeCode')}</option> : null}
          </select>
          {share.hasCode ? <small className="hint">{t('share.codeChangeHint')}</small> : null}
        </div>
        {codeChoice === 'new' ? <CodeInput label={t('share.newCode')} value={code} onChange={setCode} /> : null}
        <Switch label={t('share.allowDownload')} hint={t('share.allowDownloadHint')} checked={allowDownload} onChange={setAllowDownload} />
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="button" className="btn btn-text" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
