// JSON.parse that keeps every number's text. OCMF requires the reading value's representation to survive
// untouched ("2935.60" states two valid decimals; a double would make it 2935.6), and billing reads it as
// an exact decimal. Node 20's JSON.parse offers no access to a number's source text, so numbers are
// quoted with a marker before parsing and turned into JsonNumberText afterwards.

export class JsonNumberText {
  constructor(readonly text: string) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// Escaped NUL cannot start a JSON string written by a meter in practice; it marks our quoted numbers.
const MARKER = '\u0000#';

export function parseJsonKeepingNumberText(json: string): unknown {
  let quoted = '';
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      quoted += json.slice(i, end + 1);
      i = end + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(json);
      if (!match) throw new SyntaxError(`invalid number at position ${i}`);
      quoted += `"\\u0000#${match[0]}"`;
      i += match[0].length;
    } else {
      quoted += c;
      i += 1;
    }
  }
  return JSON.parse(quoted, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARKER)
      ? new JsonNumberText(value.slice(MARKER.length))
      : value,
  );
}
