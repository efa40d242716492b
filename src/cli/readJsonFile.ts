// Reading a JSON input file: a missing or unreadable file and malformed JSON are InputErrors that
// name the file (and, for syntax errors, line, column and JSON path).
import { readFileSync } from 'fs';
import { InputError } from '../tariff/parse/issues';
import { parseJsonText } from '../tariff/parse/jsonText';

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(
      { severity: 'error', code: 'unreadable_file', path: '$', message: `cannot read the file (${reason})` },
      file,
    );
  }
  return parseJsonText(text, file);
}
