import { useEffect } from 'react';
import { Shell } from './components/Shell.tsx';
import { matchPath, navigate, useLocation } from './lib/router.tsx';
import { useSession } from './lib/session.tsx';
import { useI18n } from './lib/i18n.tsx';
import { SignIn } from './screens/SignIn.tsx';
import { SignUp } from './screens/SignUp.tsx';
import { EmailLink } from './screens/EmailLink.tsx';
import { ForgotPassword, ResetPassword } from './screens/Password.tsx';
import { Photos } from './screens/Photos.tsx';
import { Albums } from './screens/Albums.tsx';
import { AlbumPage } from './screens/AlbumPage.tsx';
import { Trash } from './screens/Trash.tsx';
import { Settings } from './screens/Settings.tsx';
import { Viewer } from './viewer/Viewer.tsx';
import { NotFound } from './screens/NotFound.tsx';
import type { MessageKey } from './i18n/en.ts';
import type { Route } from './lib/routes.ts';
import { accountRoutes } from './account/routes.tsx';
import { shareRoutes } from './share/routes.tsx';
import { similarRoutes } from './similar/routes.tsx';

const FEATURES = [accountRoutes, shareRoutes, similarRoutes];

/** Pages anyone can open. The emailed links use the API's paths (`/auth/...`), so those show the same pages. */
const PUBLIC: Route[] = [
  [['/login'], () => <SignIn />],
  [['/register'], () => <SignUp />],
  [['/forgot-password'], () => <ForgotPassword />],
  [['/reset-password', '/auth/password/reset'], () => <ResetPassword />],
  [['/verify-email', '/auth/email/verify'], () => <EmailLink kind="verify" />],
  [['/magic-link', '/auth/magic-link/verify'], () => <EmailLink kind="magic" />],
  ...FEATURES.flatMap((f) => f.public),
];

const PRIVATE: Route[] = [
  [['/'], () => <Photos favorites={false} />],
  [['/favorites'], () => <Photos favorites />],
  [['/albums'], () => <Albums />],
  [['/albums/:id'], (p) => <AlbumPage id={p.id!} />],
  [['/trash'], () => <Trash />],
  [['/settings'], () => <Settings />],
  ...FEATURES.flatMap((f) => f.private),
];

const TITLES: Array<[string, MessageKey]> = [
  ...FEATURES.flatMap((f) => f.titles),
  ['/login', 'auth.signIn'],
  ['/register', 'auth.signUp'],
  ['/forgot-password', 'auth.forgotTitle'],
  ['/reset-password', 'auth.resetTitle'],
  ['/auth/password/reset', 'auth.resetTitle'],
  ['/favorites', 'nav.favorites'],
  ['/albums', 'nav.albums'],
  ['/trash', 'nav.trash'],
  ['/settings', 'nav.settings'],
  ['/', 'nav.photos'],
];

/** The first route with a pattern matching the path, with its params. */
function findRoute(routes: Route[], path: string): readonly [Record<string, string>, Route[1]] | undefined {
  for (const [patterns, render] of routes) {
    for (const pattern of patterns) {
      const params = matchPath(pattern, path);
      if (params) return [params, render];
    }
  }
  return undefined;
}

/** `Albums · PhotoCloud`: the tab and the history list say where you are. */
function pageTitle(path: string, t: (k: MessageKey) => string): string {
  const hit = TITLES.find(([p]) => path === p || (p !== '/' && path.startsWith(p + '/')));
  return hit ? `${t(hit[1])} · ${t('app.name')}` : t('app.name');
}

export function App() {
  const { path } = useLocation();
  const session = useSession();
  const { t } = useI18n();

  const pub = findRoute(PUBLIC, path);
  const viewer = matchPath('/photo/:id', path);
  const priv = findRoute(PRIVATE, path);
  const signedOut = session.status === 'signed-out';

  const title = pageTitle(path, t);
  useEffect(() => {
    document.title = title;
  }, [title]);

  useEffect(() => {
    if (signedOut && !pub) navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, [signedOut, pub]);

  if (pub) return pub[1](pub[0]);
  if (session.status !== 'signed-in') {
    return (
      <div className="splash" role="status">
        {t('common.loading')}
      </div>
    );
  }
  if (viewer) return <Viewer id={viewer.id!} />;
  return <Shell>{priv ? priv[1](priv[0]) : <NotFound />}</Shell>;
}
