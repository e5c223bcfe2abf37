import { useState } from 'react';
import type { LoginResponse } from '@photocloud/contracts';
import { FormError } from '../components/AuthLayout.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { api } from '../lib/session.tsx';
import { startGoogle } from './google.ts';
import { canUsePasskeys, passkeyFailure, signInWithPasskey } from './passkey.ts';
import { rememberNext, useProviders } from './providers.ts';
import './account.css';
import './franceconnect.css';

/**
 * The sign-in buttons besides the email forms, each shown only when the server offers it:
 * passkey (sign-in only: an account starts with an email or a provider), Google, FranceConnect.
 */
export function OtherWaysIn({ mode, next, onSignedIn }: { mode: 'signIn' | 'signUp'; next: string; onSignedIn?(s: LoginResponse): void }) {
  const { t } = useI18n();
  const providers = useProviders();
  const [error, setError] = useState<string | null>(null);
  if (!providers) return null;
  const passkey = mode === 'signIn' && providers.passkey && canUsePasskeys();
  if (!passkey && !providers.google && !providers.franceconnect) return null;
  return (
    <div className="ways-in">
      {mode === 'signUp' ? (
        <div className="divider">
          <span>{t('auth.or')}</span>
        </div>
      ) : null}
      {passkey && onSignedIn ? <PasskeyButton onSignedIn={onSignedIn} onError={setError} /> : null}
      {providers.google ? <GoogleButton clientId={providers.google.clientId} text={mode === 'signIn' ? 'signIn' : 'signUp'} onStart={() => rememberNext(next)} /> : null}
      {providers.franceconnect ? (
        <FranceConnectButton
          onClick={() => {
            rememberNext(next);
            location.assign(api.account.franceConnectSignInUrl());
          }}
        />
      ) : null}
      <FormError message={error} />
    </div>
  );
}

function PasskeyButton({ onSignedIn, onError }: { onSignedIn(s: LoginResponse): void; onError(message: string | null): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const click = async () => {
    setBusy(true);
    onError(null);
    try {
      onSignedIn(await signInWithPasskey());
    } catch (err) {
      const failure = passkeyFailure(err);
      if (failure !== 'cancelled') onError(failure === 'unsupported' ? t('account.passkeyUnsupported') : errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn btn-outline btn-block passkey-btn" onClick={() => void click()} disabled={busy}>
      <PasskeyIcon />
      {t('account.passkeySignIn')}
    </button>
  );
}

/** The FIDO Alliance's passkey symbol (a person and a key), drawn inline. */
export function PasskeyIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="9" cy="7" r="4" fill="currentColor" />
      <path fill="currentColor" d="M2 19.5C2 16.46 4.46 14 7.5 14h3c.96 0 1.86.25 2.64.68A5.97 5.97 0 0 0 13 21H3.5A1.5 1.5 0 0 1 2 19.5z" />
      <path fill="currentColor" d="M19 12.5a3.5 3.5 0 0 0-1.5 6.66V22l1.5 1 1.5-1-1-1 1-1-1-1v-.84A3.5 3.5 0 0 0 19 12.5zm0 1.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2z" />
    </svg>
  );
}

/** Google's sign-in button as its branding guidelines draw it: white, grey outline, the four-colour G, Roboto-like medium text. */
export function GoogleButton({ clientId, text, onStart }: { clientId: string; text: 'signIn' | 'signUp' | 'link'; onStart?(): void }) {
  const { t, lang } = useI18n();
  const label = text === 'signIn' ? t('account.googleSignIn') : text === 'signUp' ? t('account.googleSignUp') : t('account.googleLink');
  return (
    <button
      type="button"
      className="gsi-button"
      onClick={() => {
        onStart?.();
        startGoogle(clientId, text === 'link' ? 'link' : 'signIn', lang);
      }}
    >
      <GoogleLogo />
      <span>{label}</span>
    </button>
  );
}

export function GoogleLogo({ size = 20 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z" />
      <path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z" />
      <path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z" />
      <path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z" />
    </svg>
  );
}

/**
 * FranceConnect's official button and its "what is FranceConnect?" link (required next to it).
 * Its wording is French in every language, as FranceConnect publishes it.
 */
export function FranceConnectButton({ onClick, disabled }: { onClick(): void; disabled?: boolean }) {
  return (
    <div className="fc-group" lang="fr">
      <button type="button" className="fr-connect" onClick={onClick} disabled={disabled}>
        <span className="fr-connect__login">S’identifier avec</span> <span className="fr-connect__brand">FranceConnect</span>
      </button>
      <p>
        <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">
          Qu’est-ce que FranceConnect ?
        </a>
      </p>
    </div>
  );
}
