import { CONDITION_OPERATORS, type Policy, type PolicyCondition, type PolicyStatement } from './policy.ts';

/** A policy document that cannot be used; the message says where and why. */
export class PolicyError extends Error {}

const KNOWN_KEYS = new Set(['Sid', 'Effect', 'Action', 'Resource', 'Condition']);
const UNSUPPORTED_KEYS = ['NotAction', 'NotResource', 'Principal', 'NotPrincipal'];

function stringList(v: unknown, where: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
    throw new PolicyError(`${where} must be a non-empty string or array of non-empty strings`);
  }
  return list as string[];
}

function parseCondition(v: unknown, where: string): PolicyCondition {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PolicyError(`${where} must be an object`);
  const out: PolicyCondition = {};
  for (const [op, keys] of Object.entries(v)) {
    const base = op.endsWith('IfExists') ? op.slice(0, -'IfExists'.length) : op;
    if (!(CONDITION_OPERATORS as readonly string[]).includes(base)) {
      throw new PolicyError(`${where}.${op}: unsupported condition operator (supported: ${CONDITION_OPERATORS.join(', ')}, with optional IfExists)`);
    }
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new PolicyError(`${where}.${op} must be an object of condition keys`);
    const parsed: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(keys)) {
      if (!/^s3:[A-Za-z-]+$/.test(key)) throw new PolicyError(`${where}.${op}.${key}: unsupported condition key (s3:prefix, s3:delimiter, s3:max-keys)`);
      const list = typeof values === 'string' ? [values] : values;
      if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new PolicyError(`${where}.${op}.${key} must be a string or an array of strings`);
      parsed[key] = list as string[];
    }
    out[op] = parsed;
  }
  return out;
}

/**
 * Validates an IAM-style policy document ({ Version: "2012-10-17", Statement: [...] }) and
 * returns the evaluator's form. Throws PolicyError with a path like `Statement[1].Action`.
 */
export function parsePolicyDocument(doc: unknown): Policy {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PolicyError('the policy must be a JSON object');
  const { Version, Statement } = doc as Record<string, unknown>;
  if (Version !== '2012-10-17' && Version !== '2008-10-17') throw new PolicyError('Version must be "2012-10-17"');
  const list = Array.isArray(Statement) ? Statement : [Statement];
  if (list.length === 0 || list[0] === undefined) throw new PolicyError('Statement must hold at least one statement');
  const statements = list.map((raw, i): PolicyStatement => {
    const where = `Statement[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new PolicyError(`${where} must be an object`);
    const st = raw as Record<string, unknown>;
    for (const k of UNSUPPORTED_KEYS) if (k in st) throw new PolicyError(`${where}.${k} is not supported`);
    for (const k of Object.keys(st)) if (!KNOWN_KEYS.has(k)) throw new PolicyError(`${where}.${k} is not a statement element`);
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new PolicyError(`${where}.Effect must be "Allow" or "Deny"`);
    const action = stringList(st.Action, `${where}.Action`);
    for (const a of action) if (a !== '*' && !/^s3:[A-Za-z*?]+$/i.test(a)) throw new PolicyError(`${where}.Action "${a}" is not an s3:<Action> name`);
    const resource = stringList(st.Resource, `${where}.Resource`);
    for (const r of resource) if (r !== '*' && !r.startsWith('arn:aws:s3:::')) throw new PolicyError(`${where}.Resource "${r}" must be "*" or start with arn:aws:s3:::`);
    const out: PolicyStatement = { effect: st.Effect, action, resource };
    if (st.Condition !== undefined) out.condition = parseCondition(st.Condition, `${where}.Condition`);
    return out;
  });
  return { statements };
}

/** Replaces `${name}` policy variables (e.g. `${jwt:sub}`) in resources and condition values. */
export function substituteVariables(doc: unknown, vars: Record<string, string>): unknown {
  if (typeof doc === 'string') return doc.replace(/\$\{([^}]+)\}/g, (m, name: string) => vars[name] ?? m);
  if (Array.isArray(doc)) return doc.map((d) => substituteVariables(d, vars));
  if (typeof doc === 'object' && doc !== null) return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, substituteVariables(v, vars)]));
  return doc;
}
