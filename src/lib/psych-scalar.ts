/**
 * What Jekyll makes of an unquoted YAML scalar. Jekyll reads front matter with Psych, a YAML 1.1
 * reader, whose scalar scanner turns `yes` into true, `012` into 10, `1:30` into 5400 and `2.50`
 * into 2.5; a category or tag is then named by Ruby's `to_s` of that value, so `categories:
 * [yes, 2.50]` gives the URL `/true/2.5/…`. xinwen reads YAML with the failsafe schema (every
 * scalar stays text) and asks this module where Psych would have read something else.
 *
 * The branches follow `Psych::ScalarScanner#tokenize` (Ruby 3.1's Psych 4) in its order.
 */

/** What Psych reads an unquoted scalar as. */
export type PsychKind = 'string' | 'null' | 'boolean' | 'integer' | 'float' | 'date' | 'time' | 'symbol';

/** A scalar as Psych reads it, and the text Ruby's `to_s` gives it (null for nil). */
export interface PsychScalar {
  kind: PsychKind;
  /** `to_s` of the value; for a time or a symbol, which Jekyll cannot name a category by, the text as written. */
  text: string | null;
}

// Ruby's `[[:alpha:]]` is Unicode-aware; `\s` and `\d` are ASCII.
const WORD_LIKE = /^[^\d.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/u;
const TIME = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/;
const DATE = /^(\d{4})-(1[012]|0\d|\d)-([12]\d|3[01]|0\d|\d)$/;
const SEXAGESIMAL_INTEGER = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$/;
const SEXAGESIMAL_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?$/;
const INTEGER = /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/;

const asString = (text: string): PsychScalar => ({ kind: 'string', text });

/** Ruby's `Float#to_s`: the shortest digits, in fixed notation from 0.0001 to about 1e16, as `1.0e+16` beyond. */
export function rubyFloatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  // Ruby's decimal point position: digits d1d2… stand for 0.d1d2… × 10^decpt.
  const decpt = exponent + 1;
  // Ruby writes up to 15 integer digits with ".0", and 16 only when a fraction follows them.
  if (decpt > -4 && (decpt <= 15 || (decpt === 16 && digits.length > decpt))) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    const whole = digits.slice(0, decpt).padEnd(decpt, '0');
    const fraction = digits.slice(decpt);
    return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
  }
  const fraction = digits.slice(1);
  const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${digits[0]}.${fraction === '' ? '0' : fraction}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
}

/** Ruby's `String#to_i` of a base-10 number with underscores between digits; it stops at anything else. */
function rubyToI(text: string): number {
  const match = /^[-+]?\d+(?:_\d+)*/.exec(text);
  return match ? Number(match[0].replaceAll('_', '')) : 0;
}

/** Ruby's `String#to_f` of the same. */
function rubyToF(text: string): number {
  const match = /^[-+]?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?/.exec(text);
  return match ? Number(match[0].replaceAll('_', '')) : 0;
}

/** Ruby's `Integer()` of Psych's integer forms, commas and underscores gone: `0b…`, `0…` (octal), `0x…`, decimal. */
function rubyInteger(text: string): string | undefined {
  const cleaned = text.replace(/[,_]/g, '');
  const negative = cleaned.startsWith('-');
  const unsigned = cleaned.replace(/^[-+]/, '');
  let value: bigint;
  try {
    if (/^0b/.test(unsigned)) value = BigInt(unsigned);
    else if (/^0x/.test(unsigned)) value = BigInt(unsigned);
    else if (/^0[0-7]+$/.test(unsigned)) value = BigInt(`0o${unsigned.slice(1)}`);
    else if (/^\d+$/.test(unsigned)) value = BigInt(unsigned);
    else return undefined;
  } catch {
    return undefined;
  }
  return String(negative ? -value : value);
}

/**
 * How Psych reads an unquoted scalar, and its `to_s`. Forms Psych would fail on (a date such as
 * 2023-02-30, `0b` alone) stay text, as Psych keeps the first and Jekyll cannot read a file with the second.
 */
export function psychScalar(text: string): PsychScalar {
  if (text === '') return { kind: 'null', text: null };
  if (WORD_LIKE.test(text) || text.includes('\n')) {
    if (text.length > 5 || /^[^ytonf~]/i.test(text)) return asString(text);
    if (text === '~' || /^null$/i.test(text)) return { kind: 'null', text: null };
    if (/^(?:yes|true|on)$/i.test(text)) return { kind: 'boolean', text: 'true' };
    if (/^(?:no|false|off)$/i.test(text)) return { kind: 'boolean', text: 'false' };
    return asString(text);
  }
  if (TIME.test(text)) return { kind: 'time', text };
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const parsed = new Date(Date.UTC(year, month - 1, day));
    if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) return asString(text);
    const pad = (value: number) => String(value).padStart(2, '0');
    return { kind: 'date', text: `${date[1]}-${pad(month)}-${pad(day)}` };
  }
  if (/^\+?\.inf$/i.test(text)) return { kind: 'float', text: 'Infinity' };
  if (/^-\.inf$/i.test(text)) return { kind: 'float', text: '-Infinity' };
  if (/^\.nan$/i.test(text)) return { kind: 'float', text: 'NaN' };
  if (/^:./.test(text)) return { kind: 'symbol', text };
  // Psych's base 60: each part times 60 to the power of its distance from the third part.
  const sexagesimal = (toNumber: (part: string) => number) =>
    text.split(':').reduce((sum, part, at) => sum + toNumber(part) * 60 ** Math.abs(at - 2), 0);
  if (SEXAGESIMAL_INTEGER.test(text)) return { kind: 'integer', text: String(sexagesimal(rubyToI)) };
  if (SEXAGESIMAL_FLOAT.test(text)) return { kind: 'float', text: rubyFloatText(sexagesimal(rubyToF)) };
  if (FLOAT.test(text)) {
    if (/^[-+]?\.$/.test(text)) return asString(text);
    const cleaned = text.replace(/[,_]|\.([Ee]|$)/g, '$1');
    const value = Number(cleaned);
    return cleaned === '' || Number.isNaN(value) ? asString(text) : { kind: 'float', text: rubyFloatText(value) };
  }
  if (INTEGER.test(text)) {
    const value = rubyInteger(text);
    return value === undefined ? asString(text) : { kind: 'integer', text: value };
  }
  return asString(text);
}
