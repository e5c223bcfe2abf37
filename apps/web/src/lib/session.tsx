import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { User } from '@photocloud/contracts';
import { createClient, type PhotoCloudClient } from '@photocloud/sdk';

/** The one API client of the page: same origin, refresh token in the httpOnly cookie. */
export const api: PhotoCloudClient = createClient();

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; user: User };

const Ctx = createContext<{ state: SessionState; setUser(user: User): void }>({ state: { status: 'loading' }, setUser: () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    const off = api.http.onSession((s) => setState(s ? { status: 'signed-in', user: s.user } : { status: 'signed-out' }));
    // The access token only lives in memory: a reload gets a new one from the refresh cookie.
    api.auth
      .resume()
      .then((s) => {
        // A sign-in that finished meanwhile (an emailed link) wins over a refused refresh.
        if (!s && !api.http.token) setState({ status: 'signed-out' });
      })
      .catch(() => {
        if (!api.http.token) setState({ status: 'signed-out' });
      });
    return off;
  }, []);
  const setUser = (user: User) => setState({ status: 'signed-in', user });
  return <Ctx.Provider value={{ state, setUser }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  return useContext(Ctx).state;
}

/** Updates the user shown everywhere after a profile change. */
export function useSetUser(): (user: User) => void {
  return useContext(Ctx).setUser;
}
