import { useEffect, useRef, useState } from 'react';
import { AuthLayout, FormError } from '../components/AuthLayout.tsx';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';

/** Landing page of the emailed links: posts the token back, which signs the user in. */
export function EmailLink({ kind }: { kind: 'verify' | 'magic' }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token');
  const [error, setError] = useState<string | null>(token ? null : t('auth.noToken'));
  const started = useRef(false);

  useEffect(() => {
    // Once only: the token is single use (StrictMode mounts effects twice in development).
    if (!token || started.current) return;
    started.current = true;
    const consume = kind === 'verify' ? api.auth.verifyEmail(token) : api.auth.consumeMagicLink(token);
    consume.then(
      () => navigate('/', { replace: true }),
      (err: unknown) => setError(errorText(err, t)),
    );
  }, [token, kind, t]);

  return (
    <AuthLayout
      title={kind === 'verify' ? t('auth.verifying') : t('auth.signingIn')}
      footer={<Link href="/login">{t('auth.signIn')}</Link>}
    >
      {error ? <FormError message={error} /> : <div className="spinner" role="status" aria-label={t('common.loading')} />}
    </AuthLayout>
  );
}
