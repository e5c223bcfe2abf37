import { useEffect, useRef, useState } from 'react';
import type { CredentialsResponse } from '@photocloud/contracts';
import { FormError } from '../components/AuthLayout.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { Icon } from '../lib/icons.tsx';
import { api } from '../lib/session.tsx';
import { relativeTime } from './format.ts';
import { s3Snippets } from './s3config.ts';
import './account.css';

/**
 * "S3 access": the temporary keys that reach only the user's own folder of the bucket, and the
 * configuration of rclone and the aws CLI that uses them, ready to paste.
 */
export function StorageAccessSection() {
  const { t, lang, formatDate } = useI18n();
  const [creds, setCreds] = useState<CredentialsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reveal, setReveal] = useState(false);

  const load = () => {
    setError(null);
    api.account.credentials().then(setCreds, (err: unknown) => setError(errorText(err, t)));
  };
  useEffect(load, [t]);

  return (
    <section className="card" id="s3-access" aria-labelledby="s3-title">
      <h2 id="s3-title">{t('account.s3')}</h2>
      <FormError message={error} />
      {creds === null ? (
        error ? null : <div className="spinner" role="status" aria-label={t('common.loading')} />
      ) : creds.mode === 'presigned' ? (
        <p className="muted">{t('account.s3Presigned', { bucket: creds.bucket, prefix: creds.prefix })}</p>
      ) : (
        <>
          <p className="muted">{t('account.s3Help', { bucket: creds.bucket, prefix: creds.prefix })}</p>
          <dl className="s3-facts">
            <Fact label={t('account.s3Endpoint')} value={creds.endpoint} />
            <Fact label={t('account.s3Bucket')} value={creds.bucket} />
            <Fact label={t('account.s3Prefix')} value={creds.prefix} />
            <Fact label={t('account.s3Region')} value={creds.region} />
            <Fact label={t('account.s3AccessKey')} value={creds.accessKeyId} />
            <Fact label={t('account.s3Secret')} value={creds.secretAccessKey} secret={!reveal} />
            <Fact label={t('account.s3SessionToken')} value={creds.sessionToken} secret={!reveal} />
          </dl>
          <div className="s3-actions">
            <button type="button" className="btn btn-outline" aria-pressed={reveal} onClick={() => setReveal(!reveal)}>
              <Icon name="lock" size={20} />
              {reveal ? t('account.s3Hide') : t('account.s3Show')}
            </button>
            <button type="button" className="btn btn-text" onClick={load}>
              <Icon name="restore" size={20} />
              {t('account.s3Renew')}
            </button>
          </div>
          <p className="s3-expiry" role="note">
            {t('account.s3Expires', { date: formatDate(creds.expiration, { dateStyle: 'medium', timeStyle: 'short' }), when: relativeTime(creds.expiration, lang) })}
          </p>
          <Snippets creds={creds} reveal={reveal} />
        </>
      )}
    </section>
  );
}

function Snippets({ creds, reveal }: { creds: Extract<CredentialsResponse, { mode: 's3' }>; reveal: boolean }) {
  const { t } = useI18n();
  const real = s3Snippets(creds);
  const shown = reveal ? real : s3Snippets(creds, true);
  return (
    <div className="s3-snippets">
      <h3>rclone</h3>
      <p className="muted">{t('account.s3RcloneHelp')}</p>
      <Snippet id="rclone-conf" label="rclone.conf" shown={shown.rclone} text={real.rclone} />
      <Snippet id="rclone-example" label={t('account.s3Try')} shown={shown.rcloneExample} text={real.rcloneExample} />
      <h3>aws CLI</h3>
      <p className="muted">{t('account.s3AwsHelp')}</p>
      <Snippet id="aws-configure" label="aws configure" shown={shown.awsConfigure} text={real.awsConfigure} />
      <Snippet id="aws-credentials" label="~/.aws/credentials" shown={shown.awsCredentials} text={real.awsCredentials} />
      <Snippet id="aws-config" label="~/.aws/config" shown={shown.awsConfig} text={real.awsConfig} />
      <Snippet id="aws-example" label={t('account.s3Try')} shown={shown.awsExample} text={real.awsExample} />
    </div>
  );
}

function Fact({ label, value, secret }: { label: string; value: string; secret?: boolean }) {
  return (
    <div className="s3-fact">
      <dt>{label}</dt>
      <dd>
        <code>{secret ? '•'.repeat(24) : value}</code>
        <CopyButton text={value} what={label} />
      </dd>
    </div>
  );
}

/** A block of configuration; Copy always copies the real text, masked or not on screen. */
function Snippet({ id, label, shown, text }: { id: string; label: string; shown: string; text: string }) {
  return (
    <figure className="snippet" aria-labelledby={`${id}-label`}>
      <figcaption id={`${id}-label`}>
        <span>{label}</span>
        <CopyButton text={text} what={label} />
      </figcaption>
      <pre tabIndex={0} data-snippet={id}>
        <code>{shown}</code>
      </pre>
    </figure>
  );
}

function CopyButton({ text, what }: { text: string; what: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="icon-btn copy-btn" onClick={() => void copy()} aria-label={t('account.copyWhat', { what })} title={copied ? t('account.copied') : t('account.copy')}>
      <Icon name={copied ? 'check' : 'copy'} size={18} />
      <span className="sr-only" role="status">
        {copied ? t('account.copied') : ''}
      </span>
    </button>
  );
}
