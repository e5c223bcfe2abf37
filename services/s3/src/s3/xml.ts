/**
 * A small, fast XML writer for S3 responses: string concatenation with escaping, no DOM.
 * Control characters (legal in S3 keys) are written as character references like AWS does.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\r]/g;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export class XmlWriter {
  private out: string;

  constructor(root: string, xmlns: string | null = S3_XMLNS) {
    this.out = `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${xmlns ? ` xmlns="${xmlns}"` : ''}>`;
    this.root = root;
  }

  private readonly root: string;

  open(name: string): this {
    this.out += `<${name}>`;
    return this;
  }

  close(name: string): this {
    this.out += `</${name}>`;
    return this;
  }

  /** `<name>value</name>`; skipped when value is undefined. */
  leaf(name: string, value: string | number | boolean | undefined | null): this {
    if (value === undefined || value === null) return this;
    this.out += `<${name}>${escapeXml(String(value))}</${name}>`;
    return this;
  }

  toString(): string {
    return `${this.out}</${this.root}>`;
  }
}
