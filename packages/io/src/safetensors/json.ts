import { SafetensorsError } from '../errors.js';

/** A JSON number kept as its source text, so integers are checked exactly, never rounded. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** Parsed JSON: objects are Maps (no prototype to pollute), numbers keep their text. */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

// A valid header nests 3 deep (root, tensor entry, shape); the limit leaves room for unknown
// fields while keeping hostile inputs like '[[[[...' from taking the parser anywhere deep.
const MAX_DEPTH = 64;

function fail(position: number, what: string): never {
  throw new SafetensorsError('INVALID_JSON', `safetensors: invalid JSON header at character ${position} (${what})`);
}

/**
 * @internal Parses JSON strictly (RFC 8259, as serde_json): rejects duplicate keys, lone surrogates,
 * trailing garbage other than whitespace, and nesting deeper than 64.
 */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.position < text.length) fail(parser.position, `${parser.describe()} after the end of the header object`);
  return value;
}

// A class with methods rather than closures: headers of 100k tensors parse without allocating
// a function per number or string.
class Parser {
  position = 0;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  describe(): string {
    return this.position >= this.n ? 'unexpected end' : `unexpected ${JSON.stringify(this.text[this.position])}`;
  }

  skipWhitespace(): void {
    const { text, n } = this;
    let position = this.position;
    for (; position < n; position++) {
      const c = text.charCodeAt(position);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    }
    this.position = position;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) fail(this.position, `nesting deeper than ${MAX_DEPTH}`);
    this.skipWhitespace();
    if (this.position >= this.n) fail(this.position, 'unexpected end');
    const c = this.text.charCodeAt(this.position);
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return fail(this.position, this.describe());
  }

  private literal(word: string, value: JsonValue): JsonValue {
    if (!this.text.startsWith(word, this.position)) fail(this.position, this.describe());
    this.position += word.length;
    return value;
  }

  private digits(): number {
    const { text, n } = this;
    const from = this.position;
    let position = from;
    while (position < n) {
      const c = text.charCodeAt(position);
      if (c < 0x30 || c > 0x39) break;
      position++;
    }
    this.position = position;
    return position - from;
  }

  private number(): JsonNumber {
    const { text } = this;
    const start = this.position;
    if (text[this.position] === '-') this.position++;
    if (text[this.position] === '0') this.position++;
    else if (this.digits() === 0) fail(this.position, `${this.describe()} in number`);
    if (text[this.position] === '.') {
      this.position++;
      if (this.digits() === 0) fail(this.position, `${this.describe()} in number`);
    }
    if (text[this.position] === 'e' || text[this.position] === 'E') {
      this.position++;
      if (text[this.position] === '+' || text[this.position] === '-') this.position++;
      if (this.digits() === 0) fail(this.position, `${this.describe()} in number`);
    }
    return new JsonNumber(text.slice(start, this.position));
  }

  private string(): string {
    const { text, n } = this;
    // this.position is at the opening quote
    let position = this.position + 1;
    let out = '';
    let chunkStart = position;
    for (;;) {
      if (position >= n) fail(position, 'unterminated string');
      const c = text.charCodeAt(position);
      if (c === 0x22) {
        out += text.slice(chunkStart, position);
        this.position = position + 1;
        return out;
      }
      if (c < 0x20) fail(position, 'control character in string');
      if (c === 0x5c) {
        out += text.slice(chunkStart, position);
        this.position = position;
        out += this.escape();
        position = chunkStart = this.position;
        continue;
      }
      // Raw surrogates cannot occur: the header was decoded from valid UTF-8.
      position++;
    }
  }

  private hex4(at: number): number {
    if (at + 4 > this.n) fail(at, 'truncated \\u escape');
    let value = 0;
    for (let i = at; i < at + 4; i++) {
      const c = this.text.charCodeAt(i);
      const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (digit < 0) fail(i, 'invalid \\u escape');
      value = value * 16 + digit;
    }
    return value;
  }

  private escape(): string {
    const { text } = this;
    // this.position is at the backslash
    const c = text[this.position + 1];
    this.position += 2;
    switch (c) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u': {
        const at = this.position - 2;
        const unit = this.hex4(this.position);
        this.position += 4;
        if (unit >= 0xdc00 && unit <= 0xdfff) fail(at, 'lone surrogate in \\u escape');
        if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
        if (text[this.position] !== '\\' || text[this.position + 1] !== 'u') fail(at, 'lone surrogate in \\u escape');
        const low = this.hex4(this.position + 2);
        if (low < 0xdc00 || low > 0xdfff) fail(at, 'lone surrogate in \\u escape');
        this.position += 6;
        return String.fromCharCode(unit, low);
      }
      default:
        return fail(this.position - 2, 'invalid escape');
    }
  }

  private object(depth: number): JsonObject {
    const { text } = this;
    const out: JsonObject = new Map();
    this.position++;
    this.skipWhitespace();
    if (text[this.position] === '}') {
      this.position++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (text[this.position] !== '"') fail(this.position, `${this.describe()}, expected a key`);
      const keyAt = this.position;
      const key = this.string();
      // JSON.parse keeps the last of duplicate keys silently; a header that names a tensor
      // twice is ambiguous, so it is rejected (the tensor name is in the message).
      if (out.has(key)) {
        throw new SafetensorsError('DUPLICATE_KEY', `safetensors: duplicate key ${clipKey(key)} in header (at character ${keyAt})`);
      }
      this.skipWhitespace();
      if (text[this.position] !== ':') fail(this.position, `${this.describe()}, expected ':'`);
      this.position++;
      out.set(key, this.value(depth + 1));
      this.skipWhitespace();
      const next = text[this.position];
      this.position++;
      if (next === ',') continue;
      if (next === '}') return out;
      this.position--;
      fail(this.position, `${this.describe()}, expected ',' or '}'`);
    }
  }

  private array(depth: number): JsonValue[] {
    const { text } = this;
    const out: JsonValue[] = [];
    this.position++;
    this.skipWhitespace();
    if (text[this.position] === ']') {
      this.position++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      const next = text[this.position];
      this.position++;
      if (next === ',') continue;
      if (next === ']') return out;
      this.position--;
      fail(this.position, `${this.describe()}, expected ',' or ']'`);
    }
  }
}

const clipKey = (key: string): string => {
  const quoted = JSON.stringify(key);
  return quoted.length > 120 ? `${quoted.slice(0, 117)}...` : quoted;
};
