// Signed meter data reaches us as the charger sent it: the OCMF text itself (OCPP 1.6 SampledValue with
// format SignedData, as the OCMF best practice recommends), hex (OCPP 1.5's SignedData encoding) or base64
// (OCPP 2.0.1 SignedMeterValue.signedMeterData). This unwraps any of them to the OCMF text. Pure: no
// Buffer (unavailable in Temporal workflow code); TextDecoder is available in both places.

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const OCMF_HEADER = 'OCMF|';

function hexBytes(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function base64Bytes(text: string): Uint8Array | undefined {
  const body = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of body) {
    buffer = (buffer << 6) | BASE64_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(bytes);
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The OCMF text inside `signedData`, or undefined when it holds no OCMF record in any known encoding. */
export function unwrapOcmf(signedData: string): string | undefined {
  const text = signedData.trim();
  if (text.startsWith(OCMF_HEADER)) return text;
  const compact = text.replace(/\s+/g, '');
  for (const bytes of [hexBytes(compact), base64Bytes(compact)]) {
    const decoded = bytes && utf8(bytes)?.trim();
    if (decoded?.startsWith(OCMF_HEADER)) return decoded;
  }
  return undefined;
}
