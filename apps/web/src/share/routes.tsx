import type { FeatureRoutes } from '../lib/routes.ts';

/** The share pages, mounted by App. */
export const shareRoutes: FeatureRoutes = {
  public: [],
  private: [],
  titles: [],
};
