/** Which upstream serves which path prefix, and whether the gateway demands a signed-in user first. */
export type Upstream = 'auth' | 'gallery';

export interface RouteRule {
  prefix: string;
  upstream: Upstream;
  /** 'user': the gateway verifies the access token before forwarding (the service verifies again). */
  access: 'public' | 'user';
}

export const ROUTE_TABLE: readonly RouteRule[] = [
  { prefix: '/auth/me', upstream: 'auth', access: 'user' },
  { prefix: '/auth', upstream: 'auth', access: 'public' },
  { prefix: '/login', upstream: 'auth', access: 'public' },
  { prefix: '/.well-known/jwks.json', upstream: 'auth', access: 'public' },
  { prefix: '/credentials', upstream: 'auth', access: 'user' },
  { prefix: '/media', upstream: 'gallery', access: 'user' },
  { prefix: '/uploads', upstream: 'gallery', access: 'user' },
  { prefix: '/albums', upstream: 'gallery', access: 'user' },
  { prefix: '/trash', upstream: 'gallery', access: 'user' },
  { prefix: '/jobs', upstream: 'gallery', access: 'user' },
  { prefix: '/shares', upstream: 'gallery', access: 'user' },
  { prefix: '/similar', upstream: 'gallery', access: 'user' },
  { prefix: '/admin', upstream: 'gallery', access: 'user' },
  { prefix: '/s', upstream: 'gallery', access: 'public' },
  { prefix: '/public', upstream: 'gallery', access: 'public' },
];

/** The rule for a path: the longest prefix that matches on a segment boundary. */
export function matchRoute(path: string, table: readonly RouteRule[] = ROUTE_TABLE): RouteRule | undefined {
  let best: RouteRule | undefined;
  for (const rule of table) {
    const hit = path === rule.prefix || path.startsWith(rule.prefix + '/');
    if (hit && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best;
}
