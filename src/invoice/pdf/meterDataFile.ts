// Signed meter data of a session as a file the driver can open in the S.A.F.E. transparency
// software (its XML container format: <values><value><signedData/><publicKey/></value></values>).
import type { SessionLine, SignedMeterData } from '../types';
import { xmlDocument, type XmlElement } from '../xmlDocument';

/** A stable, file-system-safe attachment name, unique within the invoice. */
export function meterDataFileName(line: SessionLine, index: number): string {
  return `session-${index + 1}-${line.id.replace(/[^A-Za-z0-9._-]+/g, '_')}-signed-meter-data.xml`;
}

/** The signed datasets verbatim: the signature covers every byte, so no whitespace is added inside signedData. */
export function transparencyXml(data: SignedMeterData, transactionId: string): string {
  return xmlDocument(transparencyTree(data, transactionId));
}

/** The transparency file in xmlbuilder2's object notation (see xmlDocument.ts). */
export function transparencyTree(data: SignedMeterData, transactionId: string): XmlElement {
  const values = data.values.map((value, i) => ({
    '@transactionId': String(i + 1),
    '@context': value.context,
    signedData: {
      '@format': data.format,
      '@encoding': 'plain',
      '@transactionId': transactionId,
      '#': value.signedData,
    },
    publicKey: data.publicKey
      ? { '@encoding': data.publicKeyEncoding ?? 'hex', '#': data.publicKey }
      : undefined,
  }));
  return { values: { value: values } };
}
