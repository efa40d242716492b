// Files inside the PDF: the Factur-X XML (with its PDF/A-3 XMP extension schema) and each
// session's signed meter data. PDF/A-3 requires every embedded file to be an associated file
// with a MIME type, a modification date and an AFRelationship.
import type { Invoice } from '../types';
import { meterDataFileName, transparencyXml } from './meterDataFile';

export const FACTURX_FILE_NAME = 'factur-x.xml';

/** PDFKit reads `relationship` (AFRelationship) although its type declarations lack it. */
type AttachmentOptions = PDFKit.Mixins.PDFAttachmentOptions & {
  relationship: 'Alternative' | 'Data' | 'Supplement' | 'Source';
};

export function attachFacturX(doc: PDFKit.PDFDocument, ciiXml: string, date: Date): void {
  const options: AttachmentOptions = {
    name: FACTURX_FILE_NAME,
    type: 'text/xml',
    description: 'Factur-X / ZUGFeRD invoice data (EN 16931)',
    relationship: 'Alternative',
    creationDate: date,
    modifiedDate: date,
  };
  doc.file(Buffer.from(ciiXml, 'utf8'), options);
  doc.appendXML(FACTURX_XMP);
}

export function attachSignedMeterData(doc: PDFKit.PDFDocument, invoice: Invoice, date: Date): void {
  invoice.lines.forEach((line, index) => {
    if (!line.signedMeterData) return;
    const options: AttachmentOptions = {
      name: meterDataFileName(line, index),
      type: 'application/xml',
      description: `Signed meter data (${line.signedMeterData.format}) of charging session ${line.id}`,
      relationship: 'Supplement',
      creationDate: date,
      modifiedDate: date,
    };
    doc.file(Buffer.from(transparencyXml(line.signedMeterData, line.id), 'utf8'), options);
  });
}

/** Factur-X 1.0 XMP: the fx properties and the PDF/A extension schema that declares them. */
const FACTURX_XMP = `
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
  <fx:DocumentType>INVOICE</fx:DocumentType>
  <fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>${[
            'DocumentFileName:The name of the embedded XML document',
            'DocumentType:The type of the hybrid document in capital letters, e.g. INVOICE or ORDER',
            'Version:The actual version of the standard applying to the embedded XML document',
            'ConformanceLevel:The conformance level of the embedded XML document',
          ]
            .map((entry) => {
              const [name, description] = entry.split(':');
              return `
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>${name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>${description}</pdfaProperty:description>
            </rdf:li>`;
            })
            .join('')}
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>`;
