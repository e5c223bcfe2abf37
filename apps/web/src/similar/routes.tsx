import type { FeatureRoutes } from '../lib/routes.ts';

/** The similar pages, mounted by App. */
export const similarRoutes: FeatureRoutes = {
  public: [],
  private: [],
  titles: [],
};
