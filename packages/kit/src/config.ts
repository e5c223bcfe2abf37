import { existsSync } from 'node:fs';
import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

if (!FormatRegistry.Has('uri')) FormatRegistry.Set('uri', (v) => URL.canParse(v));

/** One configuration key: where it comes from, what it must look like, and what it means. */
export interface ConfigKey<T extends TSchema = TSchema> {
  env: string;
  schema: T;
  description: string;
  /** Used when the variable is absent. Keys without a default are optional (undefined). */
  default?: Static<T>;
  /** Never printed back in error messages or logs. */
  secret?: boolean;
}

export type ConfigSpec = Record<string, ConfigKey>;

export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends { default: unknown }
    ? Static<S[K]['schema']>
    : Static<S[K]['schema']> | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads every key of `spec` from `env`, converts strings to the schema's types and checks them.
 * Reports every invalid key at once, one line each, naming the variable and what it expects.
 */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, key] of Object.entries(spec)) {
    const raw = env[key.env];
    if (raw === undefined || raw === '') {
      out[name] = key.default;
      continue;
    }
    const value = Value.Convert(key.schema, raw.trim());
    if (Value.Check(key.schema, value)) {
      out[name] = value;
      continue;
    }
    const shown = key.secret ? '(hidden)' : JSON.stringify(raw);
    problems.push(`${key.env}=${shown} is invalid: expected ${describeSchema(key.schema)} (${key.description})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}

function describeSchema(schema: TSchema): string {
  if (schema.description) return schema.description;
  if (schema.anyOf) return (schema.anyOf as TSchema[]).map(describeSchema).join(' or ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? schema.exclusiveMinimum;
      const hi = schema.maximum ?? schema.exclusiveMaximum;
      const kind = schema.type === 'integer' ? 'an integer' : 'a number';
      if (lo !== undefined && hi !== undefined) return `${kind} from ${lo} to ${hi}`;
      if (lo !== undefined) return `${kind} >= ${lo}`;
      return kind;
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      if (schema.format === 'uri') return 'a URL';
      if (schema.minLength) return `a string of at least ${schema.minLength} characters`;
      return 'a string';
    default:
      return 'a valid value';
  }
}

/** Loads `.env` from the working directory into `env` when present (existing variables win). */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Lists a spec as rows for documentation and `photocloud config`. */
export function describeConfig(spec: ConfigSpec): Array<{ env: string; default: string; description: string }> {
  return Object.values(spec).map((k) => ({
    env: k.env,
    default: k.secret || k.default === undefined ? '' : String(k.default),
    description: k.description,
  }));
}
