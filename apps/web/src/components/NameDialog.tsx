import { useState, type FormEvent } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Dialog } from './Dialog.tsx';
import { Field } from './Field.tsx';
import { FormError } from './AuthLayout.tsx';

/** Asks for a name (an album to create or rename, a passkey to rename); closes once `onSave` succeeds, else shows why. */
export function NameDialog(props: { title: string; label: string; maxLength: number; initial: string; onClose(): void; onSave(name: string): Promise<unknown> }) {
  const { title, label, maxLength, initial, onClose, onSave } = props;
  const { t } = useI18n();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await onSave(name.trim());
      onClose();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <Field label={label} required maxLength={maxLength} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="button" className="btn btn-text" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
