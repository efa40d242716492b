// Exact decimals as scaled BigInts (value = units × 10^-scale) for the rating hot loop.
// decimal.js is exact too but costs ~1.7 µs per operation; rating a 10-period CDR needs ~100
// operations, so the engine uses this small type instead (~10–30 ns per operation) and converts
// to strings at the edges. Nothing here ever rounds unless a method says so.

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export type RoundingMode = 'HALF_UP' | 'CEIL';

export class ExactDecimal {
  static readonly ZERO = new ExactDecimal(0n, 0);
  static readonly ONE = new ExactDecimal(1n, 0);

  /** value = units × 10^-scale; scale ≥ 0. */
  constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static fromInteger(n: number | bigint): ExactDecimal {
    return new ExactDecimal(BigInt(n), 0);
  }

  /**
   * The decimal a JSON number stands for: its shortest round-trip form ("0.0834", not the binary
   * double 0.08339999…). The fast path finds the scale by arithmetic; ≤15 significant digits are
   * guaranteed to round-trip uniquely, anything longer goes through the string form.
   */
  static fromNumber(n: number): ExactDecimal {
    if (Number.isSafeInteger(n)) return new ExactDecimal(BigInt(n), 0);
    if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
    let p = 10;
    for (let d = 1; d <= 15; d++, p *= 10) {
      const m = Math.round(n * p);
      if (Math.abs(m) >= 1e15) break;
      if (m / p === n) return new ExactDecimal(BigInt(m), d);
    }
    return ExactDecimal.parse(String(n));
  }

  /** Parses a plain or exponent decimal string ("12.50", "-3", "1e-7"). */
  static parse(text: string): ExactDecimal {
    const match = PLAIN_DECIMAL.exec(text.trim());
    if (!match) throw new SyntaxError(`not a decimal number: "${text}"`);
    const [, sign, intPart, fraction = '', exponentText] = match;
    const exponent = exponentText ? Number(exponentText) : 0;
    let units = BigInt(intPart + fraction);
    let scale = fraction.length - exponent;
    if (scale < 0) {
      units *= pow10(-scale);
      scale = 0;
    }
    return new ExactDecimal(sign === '-' ? -units : units, scale);
  }

  /** Units at a larger scale (same value). */
  private unitsAt(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  plus(other: ExactDecimal): ExactDecimal {
    if (other.units === 0n) return this;
    if (this.units === 0n) return other;
    const scale = this.scale > other.scale ? this.scale : other.scale;
    return new ExactDecimal(this.unitsAt(scale) + other.unitsAt(scale), scale);
  }

  minus(other: ExactDecimal): ExactDecimal {
    if (other.units === 0n) return this;
    const scale = this.scale > other.scale ? this.scale : other.scale;
    return new ExactDecimal(this.unitsAt(scale) - other.unitsAt(scale), scale);
  }

  times(other: ExactDecimal): ExactDecimal {
    return new ExactDecimal(this.units * other.units, this.scale + other.scale);
  }

  /** Multiplies by 10^exponent (exponent may be negative): kWh → Wh, percent → fraction. */
  shift(exponent: number): ExactDecimal {
    if (exponent >= 0) {
      const keep = Math.min(exponent, this.scale);
      return new ExactDecimal(this.units * pow10(exponent - keep), this.scale - keep);
    }
    return new ExactDecimal(this.units, this.scale - exponent);
  }

  negated(): ExactDecimal {
    return new ExactDecimal(-this.units, this.scale);
  }

  compare(other: ExactDecimal): -1 | 0 | 1 {
    const scale = this.scale > other.scale ? this.scale : other.scale;
    const a = this.unitsAt(scale);
    const b = other.unitsAt(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  /** Smallest multiple of `step` (a positive integer) that is ≥ this value. */
  ceilToMultipleOf(step: number): ExactDecimal {
    const stepUnits = BigInt(step) * pow10(this.scale);
    const q = this.units / stepUnits;
    const exactMultiple = q * stepUnits === this.units;
    const steps = exactMultiple || this.units < 0n ? q : q + 1n;
    return new ExactDecimal(steps * BigInt(step), 0);
  }

  /** Rounds to `decimals` places, half away from zero (ROUND_HALF_UP); unchanged when already that short. */
  roundHalfUp(decimals: number): ExactDecimal {
    if (this.scale <= decimals) return this;
    return new ExactDecimal(divideRounded(this.units, pow10(this.scale - decimals)), decimals);
  }

  /**
   * this ÷ divisor: exact when the quotient is a terminating decimal (e.g. 900 s ÷ 3600 = 0.25),
   * otherwise rounded half-up to `maxScale` places (e.g. 60 s ÷ 3600 → 0.016666666667).
   */
  dividedBy(divisor: ExactDecimal, maxScale: number): ExactDecimal {
    if (divisor.units === 0n) throw new RangeError('division by zero');
    // this / divisor = (u1 × 10^s2) / (u2 × 10^s1)
    let numerator = this.units * pow10(divisor.scale);
    let denominator = divisor.units * pow10(this.scale);
    if (denominator < 0n) {
      numerator = -numerator;
      denominator = -denominator;
    }
    const g = gcd(numerator < 0n ? -numerator : numerator, denominator);
    numerator /= g;
    denominator /= g;
    const exactScale = terminatingScale(denominator);
    if (exactScale !== undefined && exactScale <= maxScale) {
      return new ExactDecimal((numerator * pow10(exactScale)) / denominator, exactScale);
    }
    return new ExactDecimal(divideRounded(numerator * pow10(maxScale), denominator), maxScale);
  }

  /** Cached text: prices, VAT rates and ONE are shared by many breakdown lines. */
  private text: string | undefined;

  /** Plain decimal notation, no exponent, no trailing fractional zeros: "0.30024", "5", "-0.5". */
  toString(): string {
    return (this.text ??= this.format());
  }

  private format(): string {
    if (this.scale === 0 || this.units === 0n) return this.units.toString();
    const negative = this.units < 0n;
    let digits = (negative ? -this.units : this.units).toString();
    let scale = this.scale;
    let end = digits.length;
    while (scale > 0 && digits.charCodeAt(end - 1) === 48) {
      end--;
      scale--;
    }
    if (end < digits.length) digits = digits.slice(0, end);
    if (scale > 0) {
      if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
      digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    }
    return negative && digits !== '0' ? `-${digits}` : digits;
  }

  /** Rounded half-up to exactly `decimals` places, zero-padded: 0.5 → "0.50". */
  toFixed(decimals: number): string {
    const rounded = this.roundHalfUp(decimals);
    const text = rounded.toString();
    if (decimals === 0) return text;
    const dot = text.indexOf('.');
    const present = dot < 0 ? 0 : text.length - dot - 1;
    return `${dot < 0 ? `${text}.` : text}${'0'.repeat(decimals - present)}`;
  }

  /** Serialises as a decimal string so JSON output never passes through a binary double. */
  toJSON(): string {
    return this.toString();
  }

  /** The nearest JSON number; use only on values already rounded for output. */
  toNumber(): number {
    return Number(this.toString());
  }
}

/** numerator / denominator rounded half away from zero; denominator > 0. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  const r = numerator - q * denominator;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= denominator) return numerator < 0n ? q - 1n : q + 1n;
  return q;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** Decimal places needed to write 1/denominator exactly, or undefined when it does not terminate. */
function terminatingScale(denominator: bigint): number | undefined {
  let twos = 0;
  let fives = 0;
  while (denominator % 2n === 0n) {
    denominator /= 2n;
    twos++;
  }
  while (denominator % 5n === 0n) {
    denominator /= 5n;
    fives++;
  }
  return denominator === 1n ? Math.max(twos, fives) : undefined;
}
