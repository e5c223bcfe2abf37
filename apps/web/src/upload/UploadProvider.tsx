import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '@photocloud/sdk';
import { api } from '../lib/session.tsx';
import { notifyLibraryChange } from '../lib/events.ts';
import { useI18n } from '../lib/i18n.tsx';
import { errorText } from '../lib/errors.ts';
import { sha256Hex } from './hash.ts';
import { eachLimit, isFinalRefusal, isFinished, type UploadItem } from './queue.ts';
import { transfer } from './transfer.ts';

interface UploadCtx {
  items: UploadItem[];
  pick(): void;
  add(files: File[]): void;
  /** Every failed file again, or just this one (a failed or cancelled file). */
  retry(key?: string): void;
  /** This file, or every file not finished yet. */
  cancel(key?: string): void;
  dismiss(): void;
}

const Ctx = createContext<UploadCtx | null>(null);
const PARALLEL = 3;

/** Holds the upload batch: hash → ask which are known → upload the rest (straight to S3), a few at a time. */
export function UploadProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [items, setItems] = useState<UploadItem[]>([]);
  const files = useRef(new Map<string, File>());
  const controllers = useRef(new Map<string, AbortController>());
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const update = useCallback((key: string, patch: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i))), []);

  const run = useCallback(
    async (batch: UploadItem[]) => {
      for (const it of batch) controllers.current.set(it.key, new AbortController());
      const live = (it: UploadItem) => !controllers.current.get(it.key)?.signal.aborted;
      await eachLimit(batch, 4, async (it) => {
        if (!live(it)) return;
        // Without a hash the file is simply uploaded: the server dedupes it.
        const hash = await sha256Hex(files.current.get(it.key)!, controllers.current.get(it.key)?.signal).catch(() => undefined);
        it.hash = hash;
        if (live(it)) update(it.key, { status: 'waiting', ...(hash ? { hash } : {}) });
      });
      const hashes = [...new Set(batch.flatMap((i) => (i.hash && live(i) ? [i.hash] : [])))];
      const known = new Map<string, string>();
      // The API takes at most 5000 hashes per call; a failed check only means those files are uploaded (the server dedupes).
      for (let i = 0; i < hashes.length; i += 5000) {
        const res = await api.media.check(hashes.slice(i, i + 5000)).catch(() => ({ existing: [] }));
        for (const e of res.existing) known.set(e.hash.toLowerCase(), e.mediaId);
      }
      const todo = batch.filter((i) => {
        const mediaId = i.hash ? known.get(i.hash) : undefined;
        if (mediaId && live(i)) update(i.key, { status: 'duplicate', mediaId });
        return !mediaId;
      });
      await eachLimit(todo, PARALLEL, async (it) => {
        const signal = controllers.current.get(it.key)!.signal;
        if (signal.aborted) return;
        update(it.key, { status: 'uploading', loaded: 0, retries: 0 });
        try {
          const res = await transfer(files.current.get(it.key)!, {
            hash: it.hash,
            signal,
            onProgress: (p) => update(it.key, { loaded: p.loaded }),
            onRetry: (n) => update(it.key, { retries: n, loaded: 0 }),
          });
          update(it.key, { status: res.duplicate ? 'duplicate' : 'done', mediaId: res.media.id, loaded: it.size });
        } catch (err) {
          if (signal.aborted) return; // already marked cancelled
          update(it.key, { status: 'failed', error: isApiError(err, 'NETWORK') ? t('upload.interrupted') : errorText(err, t), retryable: !isFinalRefusal(err) });
        } finally {
          controllers.current.delete(it.key);
        }
      });
      notifyLibraryChange();
    },
    [t, update],
  );

  const add = useCallback(
    (list: File[]) => {
      if (list.length === 0) return;
      const batch = list.map((f, n): UploadItem => {
        const key = `${Date.now()}-${n}-${f.name}`;
        files.current.set(key, f);
        return { key, name: f.name, size: f.size, status: 'hashing', loaded: 0 };
      });
      setItems((all) => [...all.filter((i) => i.status !== 'done' && i.status !== 'duplicate'), ...batch]);
      void run(batch);
    },
    [run],
  );

  const retry = useCallback(
    (key?: string) => {
      const again = items
        .filter((i) => (key ? i.key === key && (i.status === 'failed' || i.status === 'cancelled') : i.status === 'failed' && i.retryable !== false))
        .map((i): UploadItem => ({ key: i.key, name: i.name, size: i.size, status: 'hashing', loaded: 0 }));
      if (again.length === 0) return;
      setItems((all) => all.map((i) => again.find((a) => a.key === i.key) ?? i));
      void run(again);
    },
    [items, run],
  );

  const cancel = useCallback(
    (key?: string) => {
      const stopping = items.filter((i) => (key ? i.key === key : true) && !isFinished(i.status));
      for (const i of stopping) controllers.current.get(i.key)?.abort();
      const keys = new Set(stopping.map((i) => i.key));
      setItems((all) => all.map((i) => (keys.has(i.key) ? { ...i, status: 'cancelled', loaded: 0 } : i)));
    },
    [items],
  );

  const dismiss = useCallback(() => {
    setItems((all) => {
      for (const i of all) if (isFinished(i.status)) files.current.delete(i.key);
      return all.filter((i) => !isFinished(i.status));
    });
  }, []);

  // Drop anywhere on the page.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      add([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [add]);

  const pick = useCallback(() => input.current?.click(), []);

  return (
    <Ctx.Provider value={{ items, pick, add, retry, cancel, dismiss }}>
      {children}
      <input
        ref={input}
        type="file"
        multiple
        accept="image/*,video/*,.heic,.heif"
        className="sr-only"
        aria-label={t('upload.pick')}
        tabIndex={-1}
        onChange={(e) => {
          add([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          {t('upload.drop')}
        </div>
      ) : null}
    </Ctx.Provider>
  );
}

export function useUpload(): UploadCtx {
  const v = useContext(Ctx);
  if (!v) throw new TypeError('useUpload outside UploadProvider');
  return v;
}
