import { useEffect, useState } from 'react';
import type { ActiveSession } from '@photocloud/contracts';
import { FormError, Notice } from '../components/AuthLayout.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { api } from '../lib/session.tsx';
import { relativeTime } from './format.ts';
import './account.css';

const METHODS: Record<string, MessageKey> = {
  password: 'account.methodPassword',
  magic_link: 'account.methodMagicLink',
  email_verify: 'account.methodEmail',
  passkey: 'account.methodPasskey',
  google: 'account.methodGoogle',
  franceconnect: 'account.methodFranceConnect',
};

/** The devices signed in to the account; any other one can be signed out from here. */
export function SessionsSection() {
  const { t, lang } = useI18n();
  const [sessions, setSessions] = useState<ActiveSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = () =>
    api.account.sessions().then(
      // This device first, then the most recently active.
      (list) => setSessions([...list].sort((a, b) => Number(b.current) - Number(a.current))),
      (err: unknown) => setError(errorText(err, t)),
    );
  useEffect(() => {
    void load();
  }, []);

  const endOne = async (s: ActiveSession) => {
    setError(null);
    setNotice(null);
    try {
      await api.account.endSession(s.id);
      setSessions((list) => list?.filter((x) => x.id !== s.id) ?? null);
      setNotice(t('account.sessionEnded', { device: deviceName(s, t) }));
    } catch (err) {
      setError(errorText(err, t));
      void load();
    }
  };

  const endOthers = async () => {
    setError(null);
    setNotice(null);
    try {
      const n = await api.account.endOtherSessions();
      setNotice(t('account.othersEnded', { count: n }));
      await load();
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="card" id="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account.sessions')}</h2>
      <p className="muted">{t('account.sessionsHelp')}</p>
      {sessions === null ? (
        <div className="spinner" role="status" aria-label={t('common.loading')} />
      ) : (
        <ul className="account-list">
          {sessions.map((s) => (
            <li key={s.id} className="account-item">
              <span className="account-item-icon">
                <DeviceIcon type={s.device.type} />
              </span>
              <div className="account-item-text">
                <strong>
                  {deviceName(s, t)}
                  {s.current ? <span className="badge">{t('account.thisDevice')}</span> : null}
                </strong>
                <small>
                  {t(METHODS[s.method] ?? 'account.methodOther')}
                  {s.ip ? ` · ${t('account.fromIp', { ip: s.ip })}` : ''}
                </small>
                <small>
                  {s.current ? t('account.activeNow') : t('account.lastActive', { when: relativeTime(s.lastUsedAt, lang) })}
                  {' · '}
                  {t('account.signedInWhen', { when: relativeTime(s.createdAt, lang) })}
                </small>
              </div>
              {s.current ? null : (
                <div className="account-item-actions">
                  <button type="button" className="btn btn-outline" onClick={() => void endOne(s)} aria-label={t('account.endSessionOf', { device: deviceName(s, t) })}>
                    {t('account.endSession')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {others > 1 ? (
        <button type="button" className="btn btn-outline" onClick={() => void endOthers()}>
          {t('account.endOthers')}
        </button>
      ) : null}
      <FormError message={error} />
      <Notice message={notice} />
    </section>
  );
}

/** "Firefox 133 on Windows"; a client that names no browser (a CLI) shows its user agent. */
function deviceName(s: ActiveSession, t: (k: MessageKey, v?: Record<string, string>) => string): string {
  const { browser, os } = s.device;
  if (browser && os) return t('account.browserOn', { browser, os });
  if (browser || os) return (browser ?? os)!;
  return s.userAgent?.slice(0, 60) || t('account.unknownDevice');
}

function DeviceIcon({ type }: { type: ActiveSession['device']['type'] }) {
  const phone = type === 'mobile' || type === 'tablet';
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d={
          phone
            ? 'M17 1.01 7 1c-1.1 0-2 .9-2 2v18c0 1.1.9 2 2 2h10c1.1 0 2-.9 2-2V3c0-1.1-.9-1.99-2-1.99zM17 19H7V5h10v14z'
            : 'M20 18c1.1 0 1.99-.9 1.99-2L22 6c0-1.1-.9-2-2-2H4c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2H0v2h24v-2h-4zM4 6h16v10H4V6z'
        }
      />
    </svg>
  );
}
