import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CreatedShare, CreateShareRequest, Share } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/AuthLayout.tsx';
import { CopyLink } from './CopyLink.tsx';
import { RecipientsField } from './RecipientsField.tsx';
import { ShareSummary } from './ShareSummary.tsx';
import { Switch } from './Switch.tsx';
import { dayFromNow, expiryOf, generateCode, type ExpiryChoice } from './code.ts';
import { CodeInput } from './CodeInput.tsx';
import { ExpiryField, expirySaveError } from './ExpiryField.tsx';
import './share.css';

/** What is shared: an album (its links are listed too) or a selection of photos. */
export type ShareTarget = { albumId: string; name: string } | { mediaIds: string[] };


/** Google Photos-like share sheet: options, then the link to copy; an album's existing links can be revoked here. */
export function ShareDialog({ target, onClose }: { target: ShareTarget; onClose(shared: boolean): void }) {
  const { t } = useI18n();
  const [created, setCreated] = useState<{ share: CreatedShare; code: string | null } | null>(null);
  const [existing, setExisting] = useState<Share[]>([]);
  const albumId = 'albumId' in target ? target.albumId : null;

  const loadExisting = useCallback(async () => {
    if (albumId === null) return;
    const all = await api.shares.list().catch(() => []);
    setExisting(all.filter((s) => s.albumId === albumId && s.status !== 'revoked'));
  }, [albumId]);
  useEffect(() => void loadExisting(), [loadExisting]);

  const title = 'albumId' in target ? t('share.shareAlbum', { name: target.name }) : t('share.shareSelection', { count: target.mediaIds.length });
  return (
    <Dialog title={created ? t('share.created') : title} onClose={() => onClose(created !== null)}>
      <div className="share-dialog">
        {created ? (
          <Created share={created.share} code={created.code} onDone={() => onClose(true)} />
        ) : (
          <ShareForm
            target={target}
            onCreated={(share, code) => {
              setCreated({ share, code });
              void loadExisting();
            }}
            onCancel={() => onClose(false)}
          />
        )}
        {existing.length > 0 ? <ExistingLinks shares={existing} albumName={'name' in target ? target.name : ''} onChange={loadExisting} /> : null}
      </div>
    </Dialog>
  );
}

function ShareForm({ target, onCreated, onCancel }: { target: ShareTarget; onCreated(share: CreatedShare, code: string | null): void; onCancel(): void }) {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState<ExpiryChoice>('7');
  const [date, setDate] = useState(() => dayFromNow(14));
  const [useCode, setUseCode] = useState(false);
  const [code, setCode] = useState(generateCode);
  const [allowDownload, setAllowDownload] = useState(true);
  const [recipients, setRecipients] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const req: CreateShareRequest = {
      ...('albumId' in target ? { albumId: target.albumId } : { mediaIds: target.mediaIds }),
      expiresAt: expiryOf(expiry, date),
      allowDownload,
      ...(useCode ? { code: code.trim() } : {}),
      // An album's name goes along as the label: "shared with me" lists show labels, not album names.
      ...(label.trim() ? { label: label.trim() } : 'name' in target ? { label: target.name.slice(0, 200) } : {}),
      ...(recipients.length > 0 ? { recipients: recipients.map((email) => ({ email })) } : {}),
    };
    try {
      onCreated(await api.shares.create(req), useCode ? code.trim() : null);
    } catch (err) {
      setError(expirySaveError(err, expiry, t));
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit}>
      {'mediaIds' in target ? (
        <Field label={t('share.title')} hint={t('share.titleHint')} maxLength={200} value={label} placeholder={t('share.selectionLabel', { count: target.mediaIds.length })} onChange={(e) => setLabel(e.target.value)} />
      ) : null}
      <ExpiryField<ExpiryChoice> id="share-expiry" value={expiry} onChange={setExpiry} date={date} onDateChange={setDate} />
      <Switch label={t('share.useCode')} checked={useCode} onChange={setUseCode} />
      {useCode ? <CodeInput label={t('share.code')} hint={t('share.codeHint')} value={code} onChange={setCode} /> : null}
      <Switch label={t('share.allowDownload')} hint={t('share.allowDownloadHint')} checked={allowDownload} onChange={setAllowDownload} />
      <RecipientsField emails={recipients} onChange={setRecipients} />
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" className="btn btn-text" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('share.create')}
        </button>
      </div>
    </form>
  );
}

function Created({ share, code, onDone }: { share: CreatedShare; code: string | null; onDone(): void }) {
  const { t } = useI18n();
  return (
    <div className="form">
      <CopyLink url={location.origin + share.link} />
      <p className="hint">{t('share.linkOnce')}</p>
      {code ? (
        <p className="share-code-reminder">
          <strong>{t('share.codeReminder', { code })}</strong>
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onDone} autoFocus>
          {t('share.done')}
        </button>
      </div>
    </div>
  );
}

function ExistingLinks({ shares, albumName, onChange }: { shares: Share[]; albumName: string; onChange(): Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async (id: string) => {
    if (!confirm(t('share.revokeConfirm'))) return;
    setBusy(true);
    try {
      await api.shares.revoke(id);
      await onChange();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="share-existing" aria-labelledby="share-existing-title">
      <h3 id="share-existing-title">{t('share.existing')}</h3>
      <ul className="share-list">
        {shares.map((s) => (
          <li key={s.id}>
            <ShareSummary share={s} title={s.label ?? albumName} busy={busy} onRevoke={() => void revoke(s.id)} />
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  );
}
