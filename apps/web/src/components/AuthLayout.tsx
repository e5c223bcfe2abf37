import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';

/** The centred card every signed-out page uses. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="auth-page">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <img src="/icons/icon.svg" alt="" width={48} height={48} />
          <span>{t('app.name')}</span>
        </div>
        <h1>{title}</h1>
        {children}
        {footer ? <div className="auth-footer">{footer}</div> : null}
      </main>
      <LanguageSelect />
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

export function Notice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice" role="status">
      {message}
    </p>
  );
}
