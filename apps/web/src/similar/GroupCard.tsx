import { useState } from 'react';
import type { SimilarGroup, SimilarMember } from '@photocloud/contracts';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { placeholderOf, useThumbnail } from '../lib/thumbs.ts';
import { fileSize } from '../viewer/format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { percent, pickReasons, type Choice } from './pick.ts';

interface Props {
  group: SimilarGroup;
  choices: Record<string, Choice>;
  busy: boolean;
  error: string | null;
  onChoose(mediaId: string, choice: Choice): void;
  onOpen(mediaId: string): void;
  onResolve(): void;
  onDismiss(): void;
}

/** One group: its photos side by side with their facts, a keep/trash choice each, and the two ways out. */
export function GroupCard({ group, choices, busy, error, onChoose, onOpen, onResolve, onDismiss }: Props) {
  const { t } = useI18n();
  const headingId = `sim-${group.id}`;
  const keep = group.members.filter((m) => choices[m.media.id] === 'keep').length;
  const trash = group.members.length - keep;
  // The first member is the group's reference: the others' scores are measured against it.
  const scores = group.members.slice(1).map((m) => percent(m.similarityScore));
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  const reasons = pickReasons(
    group.members.map((m) => m.media),
    group.suggestedMediaId,
  );
  return (
    <section className="sim-group" aria-labelledby={headingId}>
      <header className="sim-group-head">
        <h2 id={headingId}>{t(`similar.reason.${group.reason}` as MessageKey)}</h2>
        <span className="muted">
          {t('similar.groupTitle', { count: group.members.length })}
          {scores.length > 0 ? ` · ${min === max ? t('similar.scoreOne', { score: min }) : t('similar.scoreRange', { min, max })}` : null}
        </span>
      </header>
      <ul className="sim-strip">
        {group.members.map((m, i) => (
          <MemberCard
            key={m.media.id}
            groupId={group.id}
            member={m}
            reference={i === 0 && group.members.length > 1}
            suggested={m.media.id === group.suggestedMediaId}
            why={m.media.id === group.suggestedMediaId ? reasons.map((r) => t(`similar.why.${r}` as MessageKey)).join(', ') : ''}
            choice={choices[m.media.id] ?? 'keep'}
            disabled={busy}
            onChoose={(c) => onChoose(m.media.id, c)}
            onOpen={() => onOpen(m.media.id)}
          />
        ))}
      </ul>
      <footer className="sim-group-foot">
        <div className="sim-plan">
          <p className={keep === 0 ? 'sim-warn' : undefined} aria-live="polite">
            {keep === 0 ? t('similar.keepOne') : trash === 0 ? t('similar.keepAll') : t('similar.resolvePlan', { keep, trash })}
          </p>
          <p className="muted">{t('similar.trashNote')}</p>
        </div>
        <div className="sim-actions">
          <button type="button" className="btn btn-outline" disabled={busy} onClick={onDismiss}>
            {t('similar.dismiss')}
          </button>
          <button type="button" className="btn btn-primary" disabled={busy || keep === 0} onClick={onResolve}>
            {t('similar.resolve')}
          </button>
        </div>
      </footer>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

interface MemberProps {
  groupId: string;
  member: SimilarMember;
  reference: boolean;
  suggested: boolean;
  why: string;
  choice: Choice;
  disabled: boolean;
  onChoose(c: Choice): void;
  onOpen(): void;
}

function MemberCard({ groupId, member, reference, suggested, why, choice, disabled, onChoose, onOpen }: MemberProps) {
  const { t, lang, formatDate } = useI18n();
  const m = member.media;
  // The group's presigned thumbnail; when it has expired (page left open), the media detail gives a fresh one.
  const [listUrlFailed, setListUrlFailed] = useState(false);
  const listUrl = listUrlFailed ? null : member.thumbnailUrl;
  const fetched = useThumbnail(listUrl ? null : m.id);
  const src = listUrl ?? fetched;
  const placeholder = placeholderOf(m.thumbhash);
  const score = percent(member.similarityScore);
  const name = `sim-${groupId}-${m.id}`;
  return (
    <li className={`sim-photo ${choice}${suggested ? ' suggested' : ''}`}>
      <button type="button" className="sim-thumb" onClick={onOpen} aria-label={t('similar.open', { name: m.name })} style={placeholder ? { backgroundImage: `url(${placeholder})` } : undefined}>
        {src ? <img src={src} alt="" loading="lazy" decoding="async" onError={listUrl ? () => setListUrlFailed(true) : undefined} /> : null}
        {suggested ? (
          <span className="sim-badge sim-badge-pick">
            <Icon name="check" size={16} />
            {t('similar.suggested')}
          </span>
        ) : null}
        <span className="sim-badge sim-badge-score" title={reference ? undefined : t('similar.memberScoreLong', { score })}>
          {reference ? t('similar.reference') : t('similar.memberScore', { score })}
        </span>
        {choice === 'trash' ? (
          <span className="sim-trash-mark" aria-hidden="true">
            <Icon name="trash" size={28} />
          </span>
        ) : null}
      </button>
      <div className="sim-meta">
        <span className="sim-name" title={m.name}>
          {m.isFavorite ? (
            <span className="sim-fav" title={t('similar.favorite')}>
              <Icon name="star" size={14} />
              <span className="sr-only">{t('similar.favorite')}</span>
            </span>
          ) : null}
          {m.name}
        </span>
        <span>{formatDate(m.takenAt, { dateStyle: 'medium', timeStyle: 'short' })}</span>
        <span>
          {m.width && m.height ? `${t('similar.pixels', { width: m.width, height: m.height })} · ` : null}
          {fileSize(m.size, lang)}
        </span>
        {reference ? null : <span className="sr-only">{t('similar.memberScoreLong', { score })}</span>}
      </div>
      {suggested && why ? <p className="sim-why">{t('similar.why', { reasons: why })}</p> : null}
      <fieldset className="sim-choice" disabled={disabled}>
        <legend className="sr-only">{t('similar.choice', { name: m.name })}</legend>
        {(['keep', 'trash'] as const).map((c) => (
          <label key={c} className={choice === c ? `on ${c}` : c}>
            <input type="radio" name={name} value={c} checked={choice === c} onChange={() => onChoose(c)} />
            <Icon name={c === 'keep' ? 'check' : 'trash'} size={18} />
            {t(c === 'keep' ? 'similar.keep' : 'similar.trash')}
          </label>
        ))}
      </fieldset>
    </li>
  );
}
