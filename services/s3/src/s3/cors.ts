import type { IncomingMessage, ServerResponse } from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from './errors.ts';
import { XmlWriter } from './xml.ts';
import type { CorsRule } from '../store/cors.store.ts';

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const LIST_TAGS = new Set(['CORSRule', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader']);
const parser = new XMLParser({ parseTagValue: false, removeNSPrefix: true, ignoreAttributes: true, isArray: (name) => LIST_TAGS.has(name) });

function strings(v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new S3Error('MalformedXML');
  return (v as string[]).map((x) => x.trim());
}

function oneWildcard(values: string[], what: string): void {
  for (const v of values) {
    if ((v.match(/\*/g) ?? []).length > 1) throw new S3Error('InvalidRequest', `${what} "${v}" can not have more than one wildcard.`);
  }
}

/** Parses and validates a PutBucketCors body like S3 (1..100 rules, known methods, one `*` per value). */
export function parseCorsConfiguration(body: string): CorsRule[] {
  if (body.trim() === '' || XMLValidator.validate(body) !== true) throw new S3Error('MalformedXML');
  const doc = parser.parse(body) as { CORSConfiguration?: { CORSRule?: Array<Record<string, unknown>> } };
  const rules = doc.CORSConfiguration?.CORSRule;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > 100) throw new S3Error('MalformedXML');
  return rules.map((r) => {
    const rule: CorsRule = {
      allowedOrigins: strings(r.AllowedOrigin),
      allowedMethods: strings(r.AllowedMethod),
      allowedHeaders: strings(r.AllowedHeader),
      exposeHeaders: strings(r.ExposeHeader),
    };
    if (rule.allowedOrigins.length === 0 || rule.allowedMethods.length === 0) throw new S3Error('MalformedXML');
    for (const m of rule.allowedMethods) {
      if (!METHODS.has(m)) throw new S3Error('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
    oneWildcard(rule.allowedOrigins, 'AllowedOrigin');
    oneWildcard(rule.allowedHeaders, 'AllowedHeader');
    if (typeof r.ID === 'string') rule.id = r.ID;
    if (r.MaxAgeSeconds !== undefined) {
      if (typeof r.MaxAgeSeconds !== 'string' || !/^\d{1,9}$/.test(r.MaxAgeSeconds.trim())) throw new S3Error('MalformedXML');
      rule.maxAgeSeconds = Number(r.MaxAgeSeconds);
    }
    return rule;
  });
}

export function corsConfigurationXml(rules: CorsRule[]): string {
  const xml = new XmlWriter('CORSConfiguration');
  for (const r of rules) {
    xml.open('CORSRule').leaf('ID', r.id);
    for (const v of r.allowedHeaders) xml.leaf('AllowedHeader', v);
    for (const v of r.allowedMethods) xml.leaf('AllowedMethod', v);
    for (const v of r.allowedOrigins) xml.leaf('AllowedOrigin', v);
    for (const v of r.exposeHeaders) xml.leaf('ExposeHeader', v);
    xml.leaf('MaxAgeSeconds', r.maxAgeSeconds).close('CORSRule');
  }
  return xml.toString();
}

function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

/** The first rule allowing origin, method and every requested header (headers case-insensitive), as S3 does. */
export function matchCorsRule(rules: CorsRule[], origin: string, method: string, headers: string[]): CorsRule | undefined {
  return rules.find(
    (r) =>
      r.allowedOrigins.some((o) => wildcardMatch(o, origin)) &&
      r.allowedMethods.includes(method) &&
      headers.every((h) => r.allowedHeaders.some((a) => wildcardMatch(a.toLowerCase(), h.toLowerCase()))),
  );
}

function allowOrigin(rule: CorsRule, origin: string): string {
  return rule.allowedOrigins.includes('*') ? '*' : origin;
}

/** Answers a preflight OPTIONS (no authentication, like S3): 200 with Access-Control-*, or 403. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, rules: CorsRule[] | undefined): void {
  const origin = req.headers.origin;
  const method = req.headers['access-control-request-method'];
  if (!origin || typeof method !== 'string') {
    throw new S3Error('InvalidRequest', 'Insufficient information. Origin request header needed.');
  }
  if (!rules) throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.');
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const rule = matchCorsRule(rules, origin, method, requested);
  if (!rule) throw new S3Error('AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.');
  const headers: Record<string, string> = {
    'access-control-allow-origin': allowOrigin(rule, origin),
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    'content-length': '0',
  };
  if (requested.length > 0) headers['access-control-allow-headers'] = requested.join(', ');
  if (rule.exposeHeaders.length > 0) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  if (!rule.allowedOrigins.includes('*')) headers['access-control-allow-credentials'] = 'true';
  res.writeHead(200, headers);
  res.end();
}

/** Access-Control-* on an actual request carrying Origin, when a rule allows it (set before the handler writes). */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse, rules: CorsRule[] | undefined): void {
  const origin = req.headers.origin;
  if (!origin || !rules) return;
  const rule = matchCorsRule(rules, origin, req.method ?? 'GET', []);
  if (!rule) return;
  res.setHeader('access-control-allow-origin', allowOrigin(rule, origin));
  res.setHeader('access-control-allow-methods', rule.allowedMethods.join(', '));
  res.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  if (rule.exposeHeaders.length > 0) res.setHeader('access-control-expose-headers', rule.exposeHeaders.join(', '));
  if (rule.maxAgeSeconds !== undefined) res.setHeader('access-control-max-age', String(rule.maxAgeSeconds));
  if (!rule.allowedOrigins.includes('*')) res.setHeader('access-control-allow-credentials', 'true');
}
