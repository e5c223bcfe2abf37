import type { FeatureRoutes } from '../lib/routes.ts';
import { SimilarPage } from './SimilarPage.tsx';

/** The similar pages, mounted by App. */
export const similarRoutes: FeatureRoutes = {
  public: [],
  private: [[['/similar'], () => <SimilarPage />]],
  titles: [['/similar', 'similar.title']],
};
