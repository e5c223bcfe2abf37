import { useEffect, useRef, useState } from 'react';
import { AuthLayout, FormError } from '../components/AuthLayout.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { api, useSession } from '../lib/session.tsx';
import { readGoogleReturn } from './google.ts';
import { takeNext } from './providers.ts';

/** Where a linking round trip ends: the linked accounts of the settings, with a word about what happened. */
const LINKED = '/settings?linked=1#linked-accounts';

/**
 * FranceConnect sends the browser back here with `code`, `state` and `iss`: posted back to the API,
 * which checks the state against its cookie, then signs in or links to the signed-in account.
 */
export function FranceConnectCallback() {
  const { t } = useI18n();
  const { query } = useLocation();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once only: the code is single use (StrictMode runs effects twice in development).
    if (started.current) return;
    started.current = true;
    const code = query.get('code');
    const state = query.get('state');
    const iss = query.get('iss');
    // Out of the address bar and the history: the code must not be replayed from there.
    history.replaceState(null, '', location.pathname);
    if (query.get('error') || !code || !state) {
      setError(query.get('error') === 'access_denied' ? t('account.providerCancelled') : t('account.providerFailed'));
      return;
    }
    api.account.finishFranceConnect({ code, state, ...(iss ? { iss } : {}) }).then(
      (result) => navigate(result.kind === 'linked' ? LINKED : takeNext(), { replace: true }),
      (err: unknown) => setError(errorText(err, t)),
    );
  }, [query, t]);

  return <Returning error={error} />;
}

/** Google's answer comes in the fragment: the ID token goes to the API, to sign in or to link. */
export function GoogleCallback() {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const answer = useRef<ReturnType<typeof readGoogleReturn> | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (!answer.current) {
      answer.current = readGoogleReturn(location.hash);
      history.replaceState(null, '', location.pathname);
    }
    const a = answer.current;
    // Linking needs the account's session: wait until the page has resumed it from the refresh cookie.
    if (started.current || (a.ok && a.intent === 'link' && session.status === 'loading')) return;
    started.current = true;
    if (!a.ok) {
      setError(a.reason === 'denied' ? t('account.providerCancelled') : t('account.providerFailed'));
      return;
    }
    const done = a.intent === 'link' ? api.account.linkGoogle(a.token, a.nonce).then(() => LINKED) : api.account.signInWithGoogle(a.token, a.nonce).then(() => takeNext());
    done.then(
      (to) => navigate(to, { replace: true }),
      (err: unknown) => setError(errorText(err, t)),
    );
  }, [session.status, t]);

  return <Returning error={error} />;
}

function Returning({ error }: { error: string | null }) {
  const { t } = useI18n();
  const session = useSession();
  return (
    <AuthLayout title={t('auth.signingIn')} footer={session.status === 'signed-in' ? <Link href="/settings">{t('nav.settings')}</Link> : <Link href="/login">{t('auth.signIn')}</Link>}>
      {error ? <FormError message={error} /> : <div className="spinner" role="status" aria-label={t('common.loading')} />}
    </AuthLayout>
  );
}
