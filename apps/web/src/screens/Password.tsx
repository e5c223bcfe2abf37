import { useState, type FormEvent } from 'react';
import { AuthLayout, FormError, Notice } from '../components/AuthLayout.tsx';
import { Field } from '../components/Field.tsx';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';

export function ForgotPassword() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.auth.forgotPassword(email);
      setNotice(t('auth.forgotSent', { email }));
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <AuthLayout title={t('auth.forgotTitle')} footer={<Link href="/login">{t('auth.signIn')}</Link>}>
      <p>{t('auth.forgotHelp')}</p>
      <form onSubmit={submit} className="form">
        <Field label={t('common.email')} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <FormError message={error} />
        <Notice message={notice} />
        <button type="submit" className="btn btn-primary btn-block">
          {t('auth.forgotSend')}
        </button>
      </form>
    </AuthLayout>
  );
}

export function ResetPassword() {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token');
  const [password, setPassword] = useState('');
  const [everywhere, setEverywhere] = useState(true);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : t('auth.noToken'));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token) return;
    setError(null);
    try {
      await api.auth.resetPassword({ token, password, signOutEverywhere: everywhere });
      setDone(true);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <AuthLayout title={t('auth.resetTitle')} footer={<Link href="/login">{t('auth.signIn')}</Link>}>
      {done ? (
        <Notice message={t('auth.resetDone')} />
      ) : (
        <form onSubmit={submit} className="form">
          <Field
            label={t('auth.newPassword')}
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            hint={t('auth.passwordHint')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <label className="check">
            <input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} />
            {t('auth.signOutEverywhere')}
          </label>
          <FormError message={error} />
          <button type="submit" className="btn btn-primary btn-block" disabled={!token}>
            {t('common.save')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
