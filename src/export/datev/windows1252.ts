// Windows-1252, the character set DATEV reads its import files in ("ANSI"). It is Latin-1 except for
// 0x80–0x9F, where Windows-1252 has printable characters (€, „, –, …) instead of control codes.
// Node has no encoder for it (its 'latin1' would turn € into a control code), hence this table
// (WHATWG Encoding, index-windows-1252; 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned).
const HIGH: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

const TO_BYTE = new Map<string, number>([
  ...Array.from({ length: 0x80 }, (_, b) => [String.fromCharCode(b), b] as [string, number]),
  ...Array.from({ length: 0x60 }, (_, i) => [String.fromCharCode(0xa0 + i), 0xa0 + i] as [string, number]),
  ...Object.entries(HIGH).map(([byte, char]) => [char, Number(byte)] as [string, number]),
]);

const FROM_BYTE: string[] = Array.from({ length: 256 }, (_, b) => HIGH[b] ?? String.fromCharCode(b));

export function isWindows1252(char: string): boolean {
  return TO_BYTE.has(char);
}

/** A character Windows-1252 cannot hold, as its closest form that it can: the base letter without
 *  accents (ł stays ?, ő → o), or "?" when there is none. Only for free text (booking texts). */
export function windows1252Text(text: string): string {
  return [...text.normalize('NFC')]
    .map((char) => {
      if (TO_BYTE.has(char)) return char;
      const base = char.normalize('NFD').replace(/\p{M}+/gu, '');
      return [...base].every((c) => TO_BYTE.has(c)) && base !== '' ? base : '?';
    })
    .join('');
}

/** Encodes text that holds only Windows-1252 characters (see windows1252Text); others throw. */
export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let i = 0;
  for (const char of text) {
    const byte = TO_BYTE.get(char);
    if (byte === undefined) throw new RangeError(`character ${JSON.stringify(char)} is not in Windows-1252`);
    bytes[i++] = byte;
  }
  return bytes.subarray(0, i);
}

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += FROM_BYTE[byte];
  return text;
}
