import type { FeatureRoutes } from '../lib/routes.ts';
import { PublicSharePage } from './PublicSharePage.tsx';
import { ReceivedSharePage } from './ReceivedSharePage.tsx';
import { SharingPage } from './SharingPage.tsx';

/** The share pages, mounted by App: the link's page for anyone, my links and "shared with me" behind sign-in. */
export const shareRoutes: FeatureRoutes = {
  public: [[['/s/:token'], (p) => <PublicSharePage token={p.token!} />]],
  private: [
    [['/sharing'], () => <SharingPage />],
    [['/sharing/received/:id'], (p) => <ReceivedSharePage id={p.id!} />],
  ],
  titles: [
    ['/sharing', 'share.sharing'],
    ['/s', 'share.untitled'],
  ],
};
