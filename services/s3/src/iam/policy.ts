/**
 * A small IAM-style policy evaluator: explicit Deny wins, then any Allow, else implicit deny.
 * Actions and resources accept `*` and `?` wildcards like AWS (`s3:Get*`, `arn:aws:s3:::bucket/users/42/*`).
 * Conditions: StringEquals / StringNotEquals / StringLike / StringNotLike (and their IfExists forms)
 * on request keys such as `s3:prefix`.
 */
export type ConditionOperator = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';

/** operator (optionally suffixed IfExists) → condition key → accepted values */
export type PolicyCondition = Record<string, Record<string, string[]>>;

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  action: string | string[];
  resource: string | string[];
  condition?: PolicyCondition;
}

export interface Policy {
  statements: PolicyStatement[];
}

/** What the request carries besides action and resource. */
export interface PolicyContext {
  /** The key's owner. */
  principal: string;
  /** Condition keys of the request (`s3:prefix`, …); absent keys are undefined. */
  values?: Record<string, string | undefined>;
}

export const ALLOW_ALL: Policy = { statements: [{ effect: 'Allow', action: 's3:*', resource: '*' }] };

export const CONDITION_OPERATORS: readonly ConditionOperator[] = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike'];

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

/** AWS semantics: every operator must hold; within one, any value matches; an absent key fails unless negated or IfExists. */
function conditionHolds(condition: PolicyCondition, context: PolicyContext): boolean {
  for (const [rawOp, keys] of Object.entries(condition)) {
    const ifExists = rawOp.endsWith('IfExists');
    const op = (ifExists ? rawOp.slice(0, -'IfExists'.length) : rawOp) as ConditionOperator;
    for (const [key, values] of Object.entries(keys)) {
      const actual = context.values?.[key];
      const negated = op === 'StringNotEquals' || op === 'StringNotLike';
      if (actual === undefined) {
        if (ifExists || negated) continue;
        return false;
      }
      const like = op === 'StringLike' || op === 'StringNotLike';
      const hit = values.some((v) => (like ? wildcard(v).test(actual) : v === actual));
      if (hit === negated) return false;
    }
  }
  return true;
}

export function isAllowed(policy: Policy, action: string, resource: string, context: PolicyContext): boolean {
  let allowed = false;
  for (const st of policy.statements) {
    // Action names are case-insensitive in IAM; resources (object keys) are not.
    if (!matches(st.action, action, true) || !matches(st.resource, resource, false)) continue;
    if (st.condition && !conditionHolds(st.condition, context)) continue;
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
