import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/en.ts';

/** A page: its path patterns (`/s/:token`) and what it shows for the matched params. */
export type Route = [string[], (params: Record<string, string>) => ReactNode];

/** What a feature adds to the app: pages anyone can open, pages behind sign-in, and tab titles by path prefix. */
export interface FeatureRoutes {
  public: Route[];
  private: Route[];
  titles: Array<[string, MessageKey]>;
}
