import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';

export function NotFound() {
  const { t } = useI18n();
  return (
    <section className="empty">
      <h1>{t('notFound.title')}</h1>
      <Link href="/">{t('notFound.home')}</Link>
    </section>
  );
}
