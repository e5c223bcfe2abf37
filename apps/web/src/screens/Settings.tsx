import { useState, type FormEvent } from 'react';
import { api, useSession, useSetUser } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { navigate } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { Field } from '../components/Field.tsx';
import { FormError, Notice } from '../components/AuthLayout.tsx';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { PasskeysSection } from '../account/PasskeysSection.tsx';
import { LinkedAccountsSection } from '../account/LinkedAccountsSection.tsx';
import { SessionsSection } from '../account/SessionsSection.tsx';
import { StorageAccessSection } from '../account/StorageAccessSection.tsx';
import { loadProviders } from '../account/providers.ts';
import '../account/account.css';

const SECTIONS: Array<[string, MessageKey]> = [
  ['profile', 'settings.profile'],
  ['password', 'settings.password'],
  ['passkeys', 'account.passkeys'],
  ['linked-accounts', 'account.linkedAccounts'],
  ['sessions', 'account.sessions'],
  ['s3-access', 'account.s3'],
  ['session', 'settings.session'],
];

/**
 * Ends this session; when FranceConnect is offered, through its logout route, which also hands back
 * FranceConnect's end-session page for a session that began there (FranceConnect requires it).
 */
async function signOut(): Promise<void> {
  const fc = await loadProviders().then((p) => p.franceconnect, () => false);
  // To the sign-in page first: once signed out, the settings would send there with ?next=/settings.
  navigate('/login', { replace: true });
  if (!fc) return api.auth.logout().catch(() => undefined);
  const next = await api.account.signOutOfFranceConnect().catch(() => '/');
  if (next !== '/') location.assign(next);
}

export function Settings() {
  const { t } = useI18n();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  return (
    <div className="page settings">
      <h1>{t('settings.title')}</h1>
      <nav className="settings-nav" aria-label={t('account.sections')}>
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`}>
            {t(label)}
          </a>
        ))}
      </nav>
      <Profile />
      <PasswordForm hasPassword={session.user.hasPassword} />
      <PasskeysSection />
      <LinkedAccountsSection />
      <SessionsSection />
      <StorageAccessSection />
      <section className="card" id="session" aria-labelledby="session-title">
        <h2 id="session-title">{t('settings.session')}</h2>
        <LanguageSelect />
        <p>{t('settings.signedInAs', { email: session.user.email })}</p>
        <button type="button" className="btn btn-outline" onClick={() => void signOut()}>
          <Icon name="logout" />
          {t('settings.signOut')}
        </button>
      </section>
    </div>
  );
}

function Profile() {
  const { t } = useI18n();
  const session = useSession();
  const setUser = useSetUser();
  const user = session.status === 'signed-in' ? session.user : null;
  const [form, setForm] = useState({ firstName: user?.firstName ?? '', lastName: user?.lastName ?? '', username: user?.username ?? '' });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const blank = (s: string) => (s.trim() ? s.trim() : null);
      setUser(await api.auth.updateMe({ firstName: blank(form.firstName), lastName: blank(form.lastName), username: blank(form.username) }));
      setSaved(true);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section className="card" id="profile" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <form className="form" onSubmit={submit}>
        <div className="field-row">
          <Field label={t('auth.firstName')} autoComplete="given-name" maxLength={100} value={form.firstName} onChange={set('firstName')} />
          <Field label={t('auth.lastName')} autoComplete="family-name" maxLength={100} value={form.lastName} onChange={set('lastName')} />
        </div>
        <Field label={t('settings.username')} autoComplete="nickname" maxLength={64} value={form.username} onChange={set('username')} />
        <Field label={t('common.email')} type="email" value={user?.email ?? ''} readOnly />
        <FormError message={error} />
        <Notice message={saved ? t('common.saved') : null} />
        <button type="submit" className="btn btn-primary">
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [others, setOthers] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api.auth.changePassword({ ...(hasPassword ? { currentPassword: current } : {}), newPassword: next, signOutOtherSessions: others });
      setDone(true);
      setCurrent('');
      setNext('');
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <section className="card" id="password" aria-labelledby="password-title">
      <h2 id="password-title">{t('settings.password')}</h2>
      <form className="form" onSubmit={submit}>
        {hasPassword ? <Field label={t('settings.currentPassword')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} /> : null}
        <Field label={t('auth.newPassword')} type="password" autoComplete="new-password" required minLength={8} hint={t('auth.passwordHint')} value={next} onChange={(e) => setNext(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={others} onChange={(e) => setOthers(e.target.checked)} />
          {t('settings.signOutOthers')}
        </label>
        <FormError message={error} />
        <Notice message={done ? t('settings.passwordChanged') : null} />
        <button type="submit" className="btn btn-primary">
          {t('settings.changePassword')}
        </button>
      </form>
    </section>
  );
}
