import { useEffect, useState, type FormEvent } from 'react';
import type { Passkey } from '@photocloud/contracts';
import { FormError, Notice } from '../components/AuthLayout.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { Field } from '../components/Field.tsx';
import { NameDialog } from '../components/NameDialog.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { api } from '../lib/session.tsx';
import { canUsePasskeys, passkeyFailure, registerPasskey } from './passkey.ts';
import { PasskeyIcon } from './SignInOptions.tsx';
import { relativeTime } from './format.ts';
import './account.css';

/** A name the person will recognise later: the browser and system this passkey was made on. */
function suggestedName(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : '';
  const os = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return [browser, os].filter(Boolean).join(' · ').slice(0, 64);
}

export function PasskeysSection() {
  const { t, lang, formatDate } = useI18n();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [name, setName] = useState(suggestedName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Passkey | null>(null);
  const [deleting, setDeleting] = useState<Passkey | null>(null);

  const load = () =>
    api.account.passkeys().then(setPasskeys, (err: unknown) => {
      setPasskeys([]);
      setError(errorText(err, t));
    });
  useEffect(() => {
    void load();
  }, []);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const created = await registerPasskey(name.trim() || undefined);
      setNotice(t('account.passkeyAdded', { name: created.name }));
      await load();
    } catch (err) {
      const failure = passkeyFailure(err);
      if (failure === 'exists') setError(t('account.passkeyExists'));
      else if (failure === 'unsupported') setError(t('account.passkeyUnsupported'));
      else if (failure !== 'cancelled') setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" id="passkeys" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t('account.passkeys')}</h2>
      <p className="muted">{t('account.passkeysHelp')}</p>
      {passkeys === null ? (
        <div className="spinner" role="status" aria-label={t('common.loading')} />
      ) : passkeys.length === 0 ? (
        <p className="account-empty">{t('account.passkeysNone')}</p>
      ) : (
        <ul className="account-list">
          {passkeys.map((p) => (
            <li key={p.id} className="account-item">
              <span className="account-item-icon">
                <PasskeyIcon />
              </span>
              <div className="account-item-text">
                <strong>{p.name}</strong>
                <small>
                  {t('account.passkeyCreated', { date: formatDate(p.createdAt, { dateStyle: 'medium' }) })}
                  {' · '}
                  {p.lastUsedAt ? t('account.passkeyUsed', { when: relativeTime(p.lastUsedAt, lang) }) : t('account.passkeyNeverUsed')}
                  {p.backedUp ? ` · ${t('account.passkeySynced')}` : ''}
                </small>
              </div>
              <div className="account-item-actions">
                <button type="button" className="icon-btn" aria-label={t('account.renamePasskey', { name: p.name })} title={t('albums.rename')} onClick={() => setRenaming(p)}>
                  <Icon name="edit" size={20} />
                </button>
                <button type="button" className="icon-btn" aria-label={t('account.deletePasskey', { name: p.name })} title={t('common.delete')} onClick={() => setDeleting(p)}>
                  <Icon name="trash" size={20} />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canUsePasskeys() ? (
        <form className="form inline-form account-add" onSubmit={(e) => void add(e)}>
          <Field label={t('account.passkeyName')} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} hint={t('account.passkeyNameHint')} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            <Icon name="add" size={20} />
            {t('account.addPasskey')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('account.passkeyUnsupported')}</p>
      )}
      <FormError message={error} />
      <Notice message={notice} />
      {renaming ? (
        <NameDialog
          title={t('account.renamePasskey', { name: renaming.name })}
          label={t('account.passkeyName')}
          maxLength={64}
          initial={renaming.name}
          onClose={() => setRenaming(null)}
          onSave={async (name) => {
            const p = await api.account.renamePasskey(renaming.id, name);
            setError(null);
            setPasskeys((list) => list?.map((x) => (x.id === p.id ? p : x)) ?? null);
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteDialog
          passkey={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setError(null);
            setPasskeys((list) => list?.filter((x) => x.id !== deleting.id) ?? null);
            setNotice(t('account.passkeyDeleted', { name: deleting.name }));
            setDeleting(null);
          }}
        />
      ) : null}
    </section>
  );
}

function DeleteDialog({ passkey, onClose, onDeleted }: { passkey: Passkey; onClose(): void; onDeleted(): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    try {
      await api.account.deletePasskey(passkey.id);
      onDeleted();
    } catch (err) {
      // The server refuses to remove the last way into the account; its message says so.
      setError(errorText(err, t));
    }
  };
  return (
    <Dialog title={t('account.deletePasskey', { name: passkey.name })} onClose={onClose}>
      <p>{t('account.deletePasskeyHelp')}</p>
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" className="btn btn-text" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary danger-fill" onClick={() => void remove()}>
          {t('common.delete')}
        </button>
      </div>
    </Dialog>
  );
}
