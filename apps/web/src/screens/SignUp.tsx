import { useState, type FormEvent } from 'react';
import { AuthLayout, FormError, Notice } from '../components/AuthLayout.tsx';
import { Field } from '../components/Field.tsx';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { OtherWaysIn } from '../account/SignInOptions.tsx';

export function SignUp() {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.auth.register({
        email: form.email,
        password: form.password,
        locale: lang,
        ...(form.firstName.trim() ? { firstName: form.firstName.trim() } : {}),
        ...(form.lastName.trim() ? { lastName: form.lastName.trim() } : {}),
      });
      setSentTo(form.email);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <>
      {t('auth.haveAccount')} <Link href="/login">{t('auth.signIn')}</Link>
    </>
  );
  if (sentTo) {
    return (
      <AuthLayout title={t('auth.signUpTitle')} footer={footer}>
        <Notice message={t('auth.registered', { email: sentTo })} />
        <button type="button" className="btn btn-text" onClick={() => void api.auth.resendVerification(sentTo).catch(() => undefined)}>
          {t('auth.resend')}
        </button>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={t('auth.signUpTitle')} footer={footer}>
      <form onSubmit={submit} className="form">
        <div className="field-row">
          <Field label={t('auth.firstName')} name="firstName" autoComplete="given-name" value={form.firstName} onChange={set('firstName')} maxLength={100} />
          <Field label={t('auth.lastName')} name="lastName" autoComplete="family-name" value={form.lastName} onChange={set('lastName')} maxLength={100} />
        </div>
        <Field label={t('common.email')} type="email" name="email" autoComplete="email" required value={form.email} onChange={set('email')} />
        <Field
          label={t('common.password')}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint={t('auth.passwordHint')}
          value={form.password}
          onChange={set('password')}
        />
        <FormError message={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('auth.signUp')}
        </button>
      </form>
      <OtherWaysIn mode="signUp" next="/" />
      <p className="hint center">{t('account.passkeyLater')}</p>
    </AuthLayout>
  );
}
