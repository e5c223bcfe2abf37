import { useCallback, useEffect, useRef, useState } from 'react';
import type { SimilarJob } from '@photocloud/contracts';
import { isApiError } from '@photocloud/sdk';
import { api } from '../lib/session.tsx';

const POLL_MS = 1000;
const RETRY_MS = 3000;

const running = (job: SimilarJob | null) => job?.status === 'queued' || job?.status === 'running';

export interface Detection {
  /** The account's latest run (from any device), or null. */
  job: SimilarJob | null;
  running: boolean;
  starting: boolean;
  /** Starting or following the run failed (the run itself failing is `job.status === 'failed'`). */
  error: unknown;
  start(): Promise<void>;
}

/**
 * The "detect similar photos" run: starts it, polls its progress, and calls `onFinished` when it ends.
 * On load it asks for the account's latest run, so a reload or another device picks up a run still going.
 */
export function useDetection(onFinished: () => void): Detection {
  const [job, setJob] = useState<SimilarJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  const follow = useCallback(
    async (id: string, signal: AbortSignal): Promise<SimilarJob | null> => {
      try {
        const next = await api.similar.job(id, signal);
        setError(null);
        return next;
      } catch (err) {
        if (signal.aborted) return null;
        if (isApiError(err, 'JOB_NOT_FOUND')) {
          setJob(null);
          return null;
        }
        setError(err);
        throw err;
      }
    },
    [],
  );

  // The latest run, once: a running one resumes its progress, a finished one shows when it ran.
  useEffect(() => {
    const ctl = new AbortController();
    api.similar.latestJob(ctl.signal).then(
      (j) => !ctl.signal.aborted && j && setJob(j),
      (err) => !ctl.signal.aborted && setError(err),
    );
    return () => ctl.abort();
  }, []);

  // Poll while the run is queued or running; a failed poll (offline) is retried, slower.
  const jobId = job?.id;
  const isRunning = running(job);
  useEffect(() => {
    if (!jobId || !isRunning) return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const poll = (delay: number) => {
      timer = setTimeout(() => {
        follow(jobId, ctl.signal).then(
          (j) => {
            if (!j || ctl.signal.aborted) return;
            setJob(j);
            if (running(j)) poll(POLL_MS);
            else finished.current();
          },
          () => !ctl.signal.aborted && poll(RETRY_MS),
        );
      }, delay);
    };
    poll(POLL_MS);
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [jobId, isRunning, follow]);

  const start = useCallback(async () => {
    setStarting(true);
    setError(null);
    try {
      const j = await api.similar.detect();
      setJob(j);
      if (!running(j)) finished.current();
    } catch (err) {
      setError(err);
    } finally {
      setStarting(false);
    }
  }, []);

  return { job, running: isRunning, starting, error, start };
}
