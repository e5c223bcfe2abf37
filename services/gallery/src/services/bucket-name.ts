import type { BucketNameRule } from '@photocloud/contracts';

export interface BucketNameProblem {
  rule: BucketNameRule;
  message: string;
}

const IP_ADDRESS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3'];

/**
 * The S3 naming rules for general-purpose buckets (the strictest common set, so a name valid here is
 * valid on AWS, OVH, MinIO, Ceph and the embedded service). Returns the first rule broken, or null.
 */
export function bucketNameProblem(name: string): BucketNameProblem | null {
  if (name.length < 3 || name.length > 63) {
    return { rule: 'length', message: `A bucket name has 3 to 63 characters; "${name.slice(0, 70)}" has ${name.length}.` };
  }
  const bad = [...name].find((c) => !/[a-z0-9.-]/.test(c));
  if (bad !== undefined) {
    const hint = /[A-Z]/.test(bad) ? ' (capital letters are not allowed: use lowercase)' : '';
    return { rule: 'characters', message: `A bucket name uses only lowercase letters, digits, hyphens and dots; "${bad}" is not allowed${hint}.` };
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return { rule: 'edges', message: 'A bucket name begins and ends with a letter or a digit.' };
  }
  if (name.includes('..')) return { rule: 'adjacent-dots', message: 'A bucket name cannot have two dots in a row.' };
  if (name.includes('.-') || name.includes('-.')) return { rule: 'dot-hyphen', message: 'A bucket name cannot have a dot next to a hyphen.' };
  if (IP_ADDRESS.test(name)) return { rule: 'ip-address', message: 'A bucket name cannot look like an IP address (such as 192.168.5.4).' };
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return { rule: 'reserved-prefix', message: `A bucket name cannot begin with "${prefix}" (reserved by S3).` };
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return { rule: 'reserved-suffix', message: `A bucket name cannot end with "${suffix}" (reserved by S3).` };
  return null;
}
