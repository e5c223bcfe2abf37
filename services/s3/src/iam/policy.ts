/**
 * A small IAM-style policy evaluator: explicit Deny wins, then any Allow, else implicit deny.
 * Actions and resources accept `*` and `?` wildcards like AWS (`s3:Get*`, `arn:aws:s3:::bucket/users/42/*`).
 */
export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  action: string | string[];
  resource: string | string[];
}

export interface Policy {
  statements: PolicyStatement[];
}

/** What the request carries besides action and resource (condition keys come with the next issue). */
export interface PolicyContext {
  /** The key's owner. */
  principal: string;
}

export const ALLOW_ALL: Policy = { statements: [{ effect: 'Allow', action: 's3:*', resource: '*' }] };

const patternCache = new Map<string, RegExp>();

function wildcard(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 's');
    if (patternCache.size < 10_000) patternCache.set(pattern, re);
  }
  return re;
}

function matches(patterns: string | string[], value: string, caseInsensitive: boolean): boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const v = caseInsensitive ? value.toLowerCase() : value;
  return list.some((p) => wildcard(caseInsensitive ? p.toLowerCase() : p).test(v));
}

export function isAllowed(policy: Policy, action: string, resource: string, _context: PolicyContext): boolean {
  let allowed = false;
  for (const st of policy.statements) {
    // Action names are case-insensitive in IAM; resources (object keys) are not.
    if (!matches(st.action, action, true) || !matches(st.resource, resource, false)) continue;
    if (st.effect === 'Deny') return false;
    allowed = true;
  }
  return allowed;
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`; `*` for service-level actions (ListBuckets). */
export function s3Resource(bucket?: string, key?: string): string {
  if (!bucket) return '*';
  return key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
}
