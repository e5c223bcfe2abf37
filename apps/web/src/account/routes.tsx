import type { FeatureRoutes } from '../lib/routes.ts';

/** The account pages, mounted by App. */
export const accountRoutes: FeatureRoutes = {
  public: [],
  private: [],
  titles: [],
};
