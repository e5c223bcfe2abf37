import { useEffect, useState, type FormEvent } from 'react';
import { isApiError } from '@photocloud/sdk';
import { AuthLayout, FormError, Notice } from '../components/AuthLayout.tsx';
import { Field } from '../components/Field.tsx';
import { api, useSession } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { OtherWaysIn } from '../account/SignInOptions.tsx';
import { offerPasskeysInAutofill, passkeyFailure } from '../account/passkey.ts';
import { loadProviders } from '../account/providers.ts';

/** Only same-site paths are followed after sign-in. */
export function nextPath(query: URLSearchParams): string {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignIn() {
  const { t } = useI18n();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<'password' | 'magic'>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [unverified, setUnverified] = useState(false);

  // Reads the address at the time: the autofill sign-in may finish long after the first render.
  const signedIn = () => navigate(nextPath(new URLSearchParams(location.search)), { replace: true });

  // The device's passkeys are offered in the email field's autofill too (conditional mediation),
  // once the page knows nobody is signed in.
  const signedOut = useSession().status === 'signed-out';
  useEffect(() => {
    if (!signedOut) return;
    let stop = () => undefined as void;
    let live = true;
    loadProviders().then(
      (p) => {
        if (!live || !p.passkey) return;
        stop = offerPasskeysInAutofill(signedIn, (err) => {
          if (passkeyFailure(err) !== 'cancelled') setError(errorText(err, t));
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, [signedOut]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (mode === 'magic') {
        await api.auth.requestMagicLink(email);
        setNotice(t('auth.magicLinkSent', { email }));
      } else {
        await api.auth.login(email, password);
        signedIn();
      }
    } catch (err) {
      setUnverified(isApiError(err, 'EMAIL_NOT_VERIFIED'));
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    await api.auth.resendVerification(email).catch(() => undefined);
    setUnverified(false);
    setError(null);
    setNotice(t('auth.registered', { email }));
  };

  return (
    <AuthLayout
      title={t('auth.signInTitle')}
      footer={
        <>
          {t('auth.noAccount')} <Link href="/register">{t('auth.signUp')}</Link>
        </>
      }
    >
      <form onSubmit={submit} className="form" noValidate={false}>
        <Field label={t('common.email')} type="email" name="email" autoComplete="username webauthn" required value={email} onChange={(e) => setEmail(e.target.value)} />
        {mode === 'password' ? (
          <Field label={t('common.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        ) : null}
        <FormError message={error} />
        {unverified ? (
          <button type="button" className="btn btn-text" onClick={resend}>
            {t('auth.resend')}
          </button>
        ) : null}
        <Notice message={notice} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {mode === 'password' ? t('auth.signIn') : t('auth.magicLink')}
        </button>
      </form>
      <div className="divider">
        <span>{t('auth.or')}</span>
      </div>
      <button
        type="button"
        className="btn btn-outline btn-block"
        onClick={() => {
          setMode(mode === 'password' ? 'magic' : 'password');
          setError(null);
          setNotice(null);
        }}
      >
        {mode === 'password' ? t('auth.magicLink') : t('auth.usePassword')}
      </button>
      <OtherWaysIn mode="signIn" next={nextPath(query)} onSignedIn={signedIn} />
      <p className="center">
        <Link href="/forgot-password">{t('auth.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
