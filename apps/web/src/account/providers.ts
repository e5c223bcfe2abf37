import { useEffect, useState } from 'react';
import type { ProvidersResponse } from '@photocloud/contracts';
import { api } from '../lib/session.tsx';

let cached: Promise<ProvidersResponse> | null = null;

/** The ways in this server offers, asked once per page load (they only change with the server's configuration). */
export function loadProviders(): Promise<ProvidersResponse> {
  cached ??= api.account.providers().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** null until known; a failed request shows only the password and magic-link forms, which need nothing more. */
export function useProviders(): ProvidersResponse | null {
  const [providers, setProviders] = useState<ProvidersResponse | null>(null);
  useEffect(() => {
    let live = true;
    loadProviders().then(
      (p) => live && setProviders(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return providers;
}

/** 64 hex characters from the browser's CSPRNG (OAuth state and nonce). */
export function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where to go after a provider brings the user back: kept for the round trip (same tab). */
const NEXT_KEY = 'pc.signin.next';

export function rememberNext(next: string): void {
  sessionStorage.setItem(NEXT_KEY, next);
}

export function takeNext(): string {
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
