import { Field } from '../components/Field.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { generateCode } from './code.ts';

/** An access code to type or to generate, as the share dialog and the link settings ask for one. */
export function CodeInput({ label, hint, value, onChange }: { label: string; hint?: string; value: string; onChange(code: string): void }) {
  const { t } = useI18n();
  return (
    <div className="share-code-row">
      <Field label={label} hint={hint} required minLength={4} maxLength={128} autoComplete="off" spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
      <button type="button" className="btn btn-outline" onClick={() => onChange(generateCode())}>
        {t('share.generate')}
      </button>
    </div>
  );
}
