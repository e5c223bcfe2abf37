import { useI18n } from '../lib/i18n.tsx';
import type { Lang } from '../i18n/translate.ts';

export function LanguageSelect() {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="lang-select">
      <span>{t('lang.label')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        <option value="en">{t('lang.en')}</option>
        <option value="fr">{t('lang.fr')}</option>
      </select>
    </label>
  );
}
