import { useEffect, useState } from 'react';
import type { Identity, ProviderName } from '@photocloud/contracts';
import { FormError, Notice } from '../components/AuthLayout.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { useLocation } from '../lib/router.tsx';
import { api } from '../lib/session.tsx';
import { FranceConnectButton, GoogleButton, GoogleLogo } from './SignInOptions.tsx';
import { useProviders } from './providers.ts';
import './account.css';

const NAMES: Record<ProviderName, string> = { google: 'Google', franceconnect: 'FranceConnect' };

/** Google and FranceConnect: link one to sign in with it too, unlink it (never the account's last way in). */
export function LinkedAccountsSection() {
  const { t, formatDate } = useI18n();
  const { query } = useLocation();
  const providers = useProviders();
  const [identities, setIdentities] = useState<Identity[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(query.get('linked') ? t('account.linked') : null);

  useEffect(() => {
    api.account.identities().then(setIdentities, (err: unknown) => setError(errorText(err, t)));
  }, [t]);

  // Back from linking a provider: this section is what the person came back to see.
  const back = query.get('linked') !== null && identities !== null;
  useEffect(() => {
    if (back) document.getElementById('linked-accounts')?.scrollIntoView({ block: 'start' });
  }, [back]);

  if (!providers || !identities) return null;
  // A provider no longer configured still shows while linked, so it can be unlinked.
  const shown = (['google', 'franceconnect'] as const).filter((p) => (p === 'google' ? providers.google !== null : providers.franceconnect) || identities.some((i) => i.provider === p));
  if (shown.length === 0) return null;

  const unlink = async (provider: ProviderName) => {
    setError(null);
    setNotice(null);
    try {
      await api.account.unlink(provider);
      setIdentities((list) => list?.filter((i) => i.provider !== provider) ?? null);
      setNotice(t('account.unlinked', { provider: NAMES[provider] }));
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  const linkFranceConnect = async () => {
    setError(null);
    try {
      location.assign(await api.account.linkFranceConnect());
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <section className="card" id="linked-accounts" aria-labelledby="linked-title">
      <h2 id="linked-title">{t('account.linkedAccounts')}</h2>
      <p className="muted">{t('account.linkedHelp')}</p>
      <ul className="account-list">
        {shown.map((provider) => {
          const identity = identities.find((i) => i.provider === provider);
          return (
            <li key={provider} className="account-item linked-item">
              <span className="account-item-icon">{provider === 'google' ? <GoogleLogo size={22} /> : <span className="fc-mark" aria-hidden="true" />}</span>
              <div className="account-item-text">
                <strong>{NAMES[provider]}</strong>
                <small>
                  {identity
                    ? t('account.linkedAs', { who: identity.email ?? NAMES[provider], date: formatDate(identity.createdAt, { dateStyle: 'medium' }) })
                    : t('account.notLinked')}
                </small>
              </div>
              <div className="account-item-actions">
                {identity ? (
                  <button type="button" className="btn btn-outline" onClick={() => void unlink(provider)} aria-label={t('account.unlink', { provider: NAMES[provider] })}>
                    {t('account.unlinkShort')}
                  </button>
                ) : provider === 'google' && providers.google ? (
                  <GoogleButton clientId={providers.google.clientId} text="link" />
                ) : provider === 'franceconnect' && providers.franceconnect ? (
                  <FranceConnectButton onClick={() => void linkFranceConnect()} />
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <FormError message={error} />
      <Notice message={notice} />
    </section>
  );
}
