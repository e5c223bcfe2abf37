import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SimilarGroup } from '@photocloud/contracts';
import { isApiError } from '@photocloud/sdk';
import { api } from '../lib/session.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { Icon } from '../lib/icons.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { errorText } from '../lib/errors.ts';
import { notifyLibraryChange, onLibraryChange, setViewerSequence } from '../lib/events.ts';
import { forgetDetail } from '../lib/thumbs.ts';
import { DetectStatus } from './DetectStatus.tsx';
import { GroupCard } from './GroupCard.tsx';
import { defaultChoices, type Choice } from './pick.ts';
import { useDetection } from './useDetection.ts';
import './similar.css';

const PAGE = 20;

/**
 * Kept outside the component: opening a photo large (the viewer is its own page) unmounts this one,
 * and coming back should find the same choices and scroll position.
 */
const remembered = { choices: new Map<string, Record<string, Choice>>(), scrollTop: 0 };

type Notice = { kind: 'resolved'; trashed: string[] } | { kind: 'dismissed' } | { kind: 'restored' } | { kind: 'closed' };

/** Similar photos: run a detection, review each group, keep the best and trash the rest, or say "not similar". */
export function SimilarPage() {
  const { t } = useI18n();
  const [groups, setGroups] = useState<SimilarGroup[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [choices, setChoices] = useState(() => remembered.choices);
  const [busy, setBusy] = useState<string | null>(null);
  const [groupErrors, setGroupErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const page = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    setLoadError(null);
    api.similar.groups({ limit: PAGE }).then(
      (p) => {
        if (mine !== generation.current) return;
        setGroups(p.items);
        setCursor(p.nextCursor);
      },
      (err: unknown) => mine === generation.current && setLoadError(err),
    );
  }, []);
  useEffect(load, [load]);
  // Photos trashed or restored elsewhere (the viewer, the Trash) change the groups.
  useEffect(() => onLibraryChange(load), [load]);

  const detection = useDetection(load);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const p = await api.similar.groups({ limit: PAGE, cursor });
      setGroups((g) => [...(g ?? []), ...p.items.filter((n) => !g?.some((o) => o.id === n.id))]);
      setCursor(p.nextCursor);
    } catch (err) {
      setLoadError(err);
    } finally {
      setLoadingMore(false);
    }
  };

  // Back from the viewer: where the user was.
  useLayoutEffect(() => {
    if (groups && page.current && remembered.scrollTop) {
      page.current.scrollTop = remembered.scrollTop;
      remembered.scrollTop = 0;
    }
  }, [groups]);

  const choicesOf = (g: SimilarGroup) => ({ ...defaultChoices(g), ...choices.get(g.id) });
  const choose = (g: SimilarGroup, mediaId: string, c: Choice) => {
    const next = new Map(choices).set(g.id, { ...choicesOf(g), [mediaId]: c });
    remembered.choices = next;
    setChoices(next);
  };

  const drop = (groupId: string) => {
    setGroups((g) => g?.filter((x) => x.id !== groupId) ?? null);
    remembered.choices.delete(groupId);
  };

  const act = async (g: SimilarGroup, run: () => Promise<Notice>) => {
    setBusy(g.id);
    setGroupErrors(({ [g.id]: _, ...rest }) => rest);
    try {
      const n = await run();
      drop(g.id);
      setNotice(n);
    } catch (err) {
      // Someone (another tab, the viewer) got there first: the group is gone, the list is refreshed.
      if (isApiError(err, 'SIMILAR_GROUP_CLOSED') || isApiError(err, 'SIMILAR_GROUP_NOT_FOUND')) {
        drop(g.id);
        setNotice({ kind: 'closed' });
        load();
      } else {
        setGroupErrors((e) => ({ ...e, [g.id]: errorText(err, t) }));
      }
    } finally {
      setBusy(null);
    }
  };

  const resolve = (g: SimilarGroup) =>
    act(g, async () => {
      const c = choicesOf(g);
      const keep = g.members.map((m) => m.media.id).filter((id) => c[id] === 'keep');
      const res = await api.similar.resolve(g.id, keep);
      for (const id of [...keep, ...res.trashed]) forgetDetail(id);
      notifyLibraryChange();
      return { kind: 'resolved', trashed: res.trashed };
    });

  const dismiss = (g: SimilarGroup) =>
    act(g, async () => {
      await api.similar.dismiss(g.id);
      return { kind: 'dismissed' };
    });

  const undo = async (ids: string[]) => {
    try {
      await api.trash.restore(ids);
      setNotice({ kind: 'restored' });
      notifyLibraryChange();
    } catch (err) {
      setLoadError(err);
    }
  };

  const open = (g: SimilarGroup, mediaId: string) => {
    // ←/→ in the viewer step through this group's photos.
    setViewerSequence(g.members.map((m) => m.media.id));
    remembered.scrollTop = page.current?.scrollTop ?? 0;
    navigate(`/photo/${encodeURIComponent(mediaId)}`);
  };

  const running = detection.running || detection.starting;
  return (
    <div className="page sim-page" ref={page}>
      <div className="page-head">
        <h1>{t('similar.title')}</h1>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" disabled={running} onClick={() => void detection.start()}>
          <Icon name="similar" />
          {detection.job ? t('similar.detectAgain') : t('similar.detect')}
        </button>
      </div>
      <p className="muted sim-intro">{t('similar.intro')}</p>
      <DetectStatus job={detection.job} error={detection.error} />
      {notice ? <NoticeBar notice={notice} onUndo={(ids) => void undo(ids)} onClose={() => setNotice(null)} /> : null}
      {loadError ? (
        <div className="form-error sim-status" role="alert">
          <span>{t('similar.loadError')} {errorText(loadError, t)}</span>{' '}
          <button type="button" className="btn btn-text" onClick={load}>
            {t('common.retry')}
          </button>
        </div>
      ) : null}
      {groups === null && !loadError ? <div className="spinner" role="status" aria-label={t('common.loading')} /> : null}
      {groups && groups.length === 0 && !running ? (
        <div className="empty sim-empty">
          <Icon name="similar" size={48} />
          <h2>{t('similar.empty')}</h2>
          <p>{t('similar.emptyHelp')}</p>
        </div>
      ) : null}
      {groups && groups.length > 0 ? (
        <>
          <p className="sim-count">{t('similar.groupsCount', { count: groups.length + (cursor ? '+' : '') })}</p>
          {groups.map((g) => (
            <GroupCard
              key={g.id}
              group={g}
              choices={choicesOf(g)}
              busy={busy === g.id}
              error={groupErrors[g.id] ?? null}
              onChoose={(id, c) => choose(g, id, c)}
              onOpen={(id) => open(g, id)}
              onResolve={() => void resolve(g)}
              onDismiss={() => void dismiss(g)}
            />
          ))}
          {cursor ? (
            <button type="button" className="btn btn-outline sim-more" disabled={loadingMore} onClick={() => void loadMore()}>
              {t('similar.more')}
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function NoticeBar({ notice, onUndo, onClose }: { notice: Notice; onUndo(ids: string[]): void; onClose(): void }) {
  const { t } = useI18n();
  const text =
    notice.kind === 'resolved'
      ? notice.trashed.length === 0
        ? t('similar.resolvedNone')
        : notice.trashed.length === 1
          ? t('similar.resolvedOne')
          : t('similar.resolved', { count: notice.trashed.length })
      : notice.kind === 'dismissed'
        ? t('similar.dismissed')
        : notice.kind === 'restored'
          ? t('similar.restored')
          : t('similar.closed');
  return (
    <div className="notice sim-notice" role="status">
      <span>{text}</span>
      <span className="spacer" />
      {notice.kind === 'resolved' && notice.trashed.length > 0 ? (
        <>
          <button type="button" className="btn btn-text" onClick={() => onUndo(notice.trashed)}>
            {t('similar.undo')}
          </button>
          <Link href="/trash" className="btn btn-text">
            {t('similar.openTrash')}
          </Link>
        </>
      ) : null}
      <button type="button" className="icon-btn" onClick={onClose} aria-label={t('common.close')}>
        <Icon name="close" size={20} />
      </button>
    </div>
  );
}
