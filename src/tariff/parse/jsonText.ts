// JSON text → value, with errors that say where: line, column and the JSON path of the enclosing
// value. JSON.parse does the work; only when it fails does a small scanner re-read the text to find
// the position (V8's messages do not always carry one) and the path leading to it.
import { InputError } from './issues';

interface SyntaxFault {
  offset: number;
  path: string;
  reason: string;
}

export function parseJsonText(text: string, source?: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const fault = locateSyntaxFault(text);
    const { line, column } = lineAndColumn(text, fault.offset);
    throw new InputError(
      {
        severity: 'error',
        code: 'malformed_json',
        path: fault.path,
        message: `malformed JSON at line ${line}, column ${column}: ${fault.reason}`,
      },
      source,
    );
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Fault extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Re-scans invalid JSON to find the first offending character and the path of its container. */
function locateSyntaxFault(text: string): SyntaxFault {
  let i = 0;
  let path = '$';

  const describe = (at: number) => (at >= text.length ? 'end of input' : `${JSON.stringify(text[at])}`);
  const fail = (reason: string): never => {
    throw new Fault(i, reason);
  };
  const skipWhitespace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expectLiteral = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`unexpected ${describe(i)} (expected ${word})`);
      i++;
    }
  };
  const readString = (): string => {
    const start = ++i;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail('control character inside a string (escape it)');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('invalid \\u escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail(`invalid escape \\${text[i] ?? ''}`);
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    return text.slice(start, i++);
  };
  const readNumber = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!match || match[0] === '-' || match[0] === '') fail(`unexpected ${describe(i)} (expected a value)`);
    i += match![0].length;
  };
  const readValue = (): void => {
    skipWhitespace();
    const ch = text[i];
    if (ch === '{') return readObject();
    if (ch === '[') return readArray();
    if (ch === '"') return void readString();
    if (ch === 't') return expectLiteral('true');
    if (ch === 'f') return expectLiteral('false');
    if (ch === 'n') return expectLiteral('null');
    if (ch === '-' || (ch >= '0' && ch <= '9')) return readNumber();
    fail(`unexpected ${describe(i)} (expected a value)`);
  };
  const readObject = () => {
    const parent = path;
    i++;
    skipWhitespace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[i] !== '"') fail(`unexpected ${describe(i)} (expected a double-quoted property name)`);
      const key = readString();
      path = parent === '$' ? key : `${parent}.${key}`;
      skipWhitespace();
      if (text[i] !== ':') fail(`unexpected ${describe(i)} (expected ':' after the property name)`);
      i++;
      readValue();
      path = parent;
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`unexpected ${describe(i)} (expected ',' or '}')`);
      i++;
    }
  };
  const readArray = () => {
    const parent = path;
    i++;
    skipWhitespace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      path = `${parent === '$' ? '' : parent}[${index}]`;
      readValue();
      path = parent;
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`unexpected ${describe(i)} (expected ',' or ']')`);
      i++;
    }
  };

  try {
    skipWhitespace();
    if (i >= text.length) fail('the file is empty');
    readValue();
    skipWhitespace();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  } catch (error) {
    if (error instanceof Fault) return { offset: error.offset, path, reason: error.reason };
    throw error;
  }
  // JSON.parse failed but the scanner found nothing (e.g. lone surrogates): report the start.
  return { offset: 0, path: '$', reason: 'not valid JSON' };
}
