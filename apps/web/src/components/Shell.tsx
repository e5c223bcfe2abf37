import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { Icon, type IconName } from '../lib/icons.tsx';
import { Link, useLocation } from '../lib/router.tsx';
import { useI18n } from '../lib/i18n.tsx';
import { useSession } from '../lib/session.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { UploadProvider, useUpload } from '../upload/UploadProvider.tsx';
import { UploadPanel } from '../upload/UploadPanel.tsx';

const NAV: Array<{ href: string; label: MessageKey; icon: IconName }> = [
  { href: '/', label: 'nav.photos', icon: 'photos' },
  { href: '/favorites', label: 'nav.favorites', icon: 'star' },
  { href: '/albums', label: 'nav.albums', icon: 'albums' },
  { href: '/sharing', label: 'nav.sharing', icon: 'share' },
  { href: '/similar', label: 'nav.similar', icon: 'similar' },
  { href: '/trash', label: 'nav.trash', icon: 'trash' },
];

/**
 * A bar a screen draws in place of the top bar's contents (the selection bar), so that showing it
 * moves nothing below: `host` is where to portal it, `setCovered` hides the brand, Upload and avatar.
 */
export interface TopBarCover {
  host: HTMLElement | null;
  setCovered(covered: boolean): void;
}
const TopBarCoverContext = createContext<TopBarCover>({ host: null, setCovered: () => {} });
export const useTopBarCover = (): TopBarCover => useContext(TopBarCoverContext);

/** Signed-in frame: top bar, navigation (side rail on wide screens, bottom bar on phones), upload. */
export function Shell({ children }: { children: ReactNode }) {
  return (
    <UploadProvider>
      <ShellFrame>{children}</ShellFrame>
    </UploadProvider>
  );
}

function ShellFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const session = useSession();
  const upload = useUpload();
  const user = session.status === 'signed-in' ? session.user : null;
  const initial = (user?.firstName ?? user?.email ?? '?').slice(0, 1).toUpperCase();
  const active = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(href + '/'));
  const [coverHost, setCoverHost] = useState<HTMLDivElement | null>(null);
  const [covered, setCovered] = useState(false);
  const cover = useMemo(() => ({ host: coverHost, setCovered }), [coverHost]);

  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className={covered ? 'topbar covered' : 'topbar'}>
        <Link href="/" className="brand" aria-label={t('app.name')}>
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span>{t('app.name')}</span>
        </Link>
        <div className="topbar-actions">
          <button type="button" className="btn btn-text" onClick={upload.pick} aria-label={t('nav.upload')}>
            <Icon name="upload" />
            <span className="hide-narrow">{t('nav.upload')}</span>
          </button>
          <Link href="/settings" className="avatar" aria-label={t('nav.settings')} title={user?.email}>
            {initial}
          </Link>
        </div>
        <div ref={setCoverHost} className="topbar-cover" />
      </header>
      <nav className="nav" aria-label={t('nav.menu')}>
        {NAV.map((n) => (
          <Link key={n.href} href={n.href} className={active(n.href) ? 'nav-item active' : 'nav-item'} aria-current={active(n.href) ? 'page' : undefined}>
            <Icon name={n.icon} />
            <span>{t(n.label)}</span>
          </Link>
        ))}
        <Link href="/settings" className={active('/settings') ? 'nav-item active nav-settings' : 'nav-item nav-settings'} aria-current={active('/settings') ? 'page' : undefined}>
          <Icon name="settings" />
          <span>{t('nav.settings')}</span>
        </Link>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <TopBarCoverContext.Provider value={cover}>{children}</TopBarCoverContext.Provider>
      </main>
      <UploadPanel />
    </div>
  );
}
