import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { SharedItem, ShareViewQuery } from '@photocloud/contracts';
import { isApiError } from '@photocloud/sdk';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { errorText } from '../lib/errors.ts';
import { Field } from '../components/Field.tsx';
import { FormError } from '../components/AuthLayout.tsx';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { SharedAlbum, saveUrl } from './SharedAlbum.tsx';
import { useShareView } from './useShareView.ts';
import './share.css';

/** `/s/<token>`: what a share link opens, for anyone, signed in or not. */
export function PublicSharePage({ token }: { token: string }) {
  const { t } = useI18n();
  const fetchPage = useCallback((query: ShareViewQuery) => api.shares.view(token, query), [token]);
  const { state, more, reload } = useShareView(fetchPage);
  const shownTitle = state.status === 'ready' ? (state.view.album?.name ?? state.view.label) : null;
  useEffect(() => {
    if (shownTitle) document.title = `${shownTitle} · ${t('app.name')}`;
  }, [shownTitle, t]);

  let body: ReactNode;
  if (state.status === 'loading') body = <div className="spinner" role="status" aria-label={t('common.loading')} />;
  else if (state.status === 'ready') {
    const download = (item: SharedItem) => item.originalUrl && saveUrl(api.shares.fileUrl(item.originalUrl), item.name);
    body = (
      <SharedAlbum
        view={state.view}
        items={state.items}
        onMore={more}
        downloading={false}
        onDownload={download}
        onDownloadAll={() => state.view.downloadUrl && saveUrl(api.shares.fileUrl(state.view.downloadUrl), '')}
      />
    );
  } else if (isApiError(state.error, 'SHARE_CODE_REQUIRED')) body = <CodePrompt token={token} onUnlocked={reload} />;
  else if (isApiError(state.error, 'SHARE_REVOKED')) body = <Gone title={t('share.goneTitle')} help={t('share.revokedHelp')} />;
  else if (isApiError(state.error, 'SHARE_EXPIRED')) body = <Gone title={t('share.goneTitle')} help={t('share.expiredHelp')} />;
  else if (isApiError(state.error, 'SHARE_NOT_FOUND') || isApiError(state.error, 'VALIDATION_FAILED')) body = <Gone title={t('share.notFoundTitle')} help={t('share.notFoundHelp')} />;
  else
    body = (
      <div className="share-card">
        <FormError message={errorText(state.error, t)} />
        <button type="button" className="btn btn-outline" onClick={reload}>
          {t('common.retry')}
        </button>
      </div>
    );

  return (
    <div className="public-share">
      <header className="topbar public-topbar">
        <span className="brand">
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span>{t('app.name')}</span>
        </span>
        <span className="spacer" />
        <LanguageSelect />
      </header>
      <main id="main" className="public-main">
        {body}
      </main>
    </div>
  );
}

/** Asks for the access code; a wrong one and a lockout each get their own clear message. */
function CodePrompt({ token, onUnlocked }: { token: string; onUnlocked(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.shares.unlock(token, code.trim());
      onUnlocked();
    } catch (err) {
      setError(isApiError(err, 'SHARE_CODE_WRONG') ? t('share.wrongCode') : isApiError(err, 'SHARE_LOCKED') ? t('share.locked') : errorText(err, t));
      setBusy(false);
    }
  };

  return (
    <div className="share-card">
      <span className="share-card-icon" aria-hidden="true">
        <Icon name="lock" size={32} />
      </span>
      <h1>{t('share.codeTitle')}</h1>
      <p className="muted">{t('share.codeHelp')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('share.code')} required autoFocus autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={128} value={code} onChange={(e) => setCode(e.target.value)} />
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || !code.trim()}>
          {t('share.unlock')}
        </button>
      </form>
    </div>
  );
}

function Gone({ title, help }: { title: string; help: string }) {
  return (
    <div className="share-card">
      <span className="share-card-icon gone" aria-hidden="true">
        <Icon name="link" size={32} />
      </span>
      <h1>{title}</h1>
      <p className="muted">{help}</p>
    </div>
  );
}
