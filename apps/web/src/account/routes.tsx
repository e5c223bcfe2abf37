import type { FeatureRoutes } from '../lib/routes.ts';
import { GOOGLE_CALLBACK_PATH } from './google.ts';
import { FranceConnectCallback, GoogleCallback } from './ProviderCallback.tsx';

/**
 * The account pages, mounted by App. The providers send the browser back to the API's own paths
 * (FranceConnect's registered redirect is `API_URL/auth/franceconnect/callback`): a page navigation
 * there gets the app, which posts the answer to the API.
 */
export const accountRoutes: FeatureRoutes = {
  public: [
    [['/auth/franceconnect/callback'], () => <FranceConnectCallback />],
    [[GOOGLE_CALLBACK_PATH], () => <GoogleCallback />],
  ],
  private: [],
  titles: [
    ['/auth/franceconnect/callback', 'auth.signingIn'],
    [GOOGLE_CALLBACK_PATH, 'auth.signingIn'],
  ],
};
