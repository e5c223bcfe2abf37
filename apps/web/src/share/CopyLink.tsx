import { useRef, useState } from 'react';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';

/** The link in a read-only field with a Copy button; where the clipboard is refused, the text is selected instead. */
export function CopyLink({ url }: { url: string }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');

  const copy = async () => {
    try {
      // The Clipboard API needs a secure context (HTTPS or localhost): a LAN address over HTTP has none.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      input.current?.focus();
      input.current?.select();
      setState(document.execCommand?.('copy') ? 'copied' : 'manual');
    }
  };

  return (
    <div className="copy-link">
      <div className="field">
        <label htmlFor="share-link">{t('share.link')}</label>
        <input id="share-link" ref={input} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <button type="button" className="btn btn-primary" onClick={() => void copy()}>
        <Icon name={state === 'copied' ? 'check' : 'copy'} size={20} />
        {t('share.copy')}
      </button>
      <p className="copy-status" role="status">
        {state === 'copied' ? t('share.copied') : state === 'manual' ? t('share.copyFailed') : ''}
      </p>
    </div>
  );
}
