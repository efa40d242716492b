// The invoice PDF read back with poppler: its text, pages, attachments and metadata.
import { computeInvoice } from '../../src/invoice/computeInvoice';
import { creditNoteFor } from '../../src/invoice/creditNote';
import { renderCiiXml } from '../../src/invoice/einvoice/cii';
import { renderInvoicePdf } from '../../src/invoice/pdf/renderInvoicePdf';
import {
  consumer,
  contractDraft,
  draft,
  foreignBusiness,
  energy,
  idleFee,
  ocmfMeterData,
  session,
  sessionFee,
} from './fixtures';
import { readFileSync } from 'fs';
import path from 'path';
import { create } from 'xmlbuilder2';
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import {
  attachment,
  attachmentNames,
  firstPagePng,
  havePoppler,
  pdfFonts,
  pdfInfo,
  pdfText,
} from './poppler';

const signedMeterData = ocmfMeterData();

const business = computeInvoice(
  draft({
    lines: [
      session(1, [energy('23.456'), sessionFee(), idleFee('7.5')], { signedMeterData }),
      session(2, [energy('11.2', '0.59'), sessionFee('1.00', '7')]),
    ],
  }),
);

const describePoppler = havePoppler ? describe : describe.skip;
if (!havePoppler)
  console.warn('invoice PDF tests skipped: poppler-utils (pdftotext, pdfdetach, ...) is not installed');

describePoppler('renderInvoicePdf', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderInvoicePdf(business);
  });

  it('prints number, dates, parties, every line, the VAT summary and the totals', () => {
    const text = pdfText(pdf);
    for (const expected of [
      'Rechnung',
      'VW-2025-000123',
      '01.04.2025', // issue date
      '15.04.2025', // due date
      '02.03.2025 – 03.03.2025', // service period
      'Flottenservice Nord AG',
      'Hafenweg 3',
      'USt-IdNr. DE129273398',
      'Ladevorgang S-00001 · Voltwerk Hub 2',
      'Ladevorgang S-00002 · Voltwerk Hub 3',
      '02.03.2025 09:15 – 10:02', // session local times (Europe/Berlin)
      '23,456 kWh',
      'Regelsteuersatz 19 %',
      'Regelsteuersatz 7 %',
      'DE02 1203 0000 0000 2020 51',
      'Seite 1 von 1',
    ]) {
      expect(text).toContain(expected);
    }
    // each component: quantity, unit price, VAT rate and net amount on one line
    expect(text).toMatch(/Energie\s+23,456 kWh\s+0,49 €\s+19 %\s+11,49 €/);
    expect(text).toMatch(
      /Blockiergebühr \(angeschlossen, ohne Laden\)\s+7,50 Min\.\s+0,10 €\s+19 %\s+0,75 €/,
    );
    // pdftotext may drop the narrow space in a right-aligned "7 %"
    expect(text).toMatch(/Startgebühr\s+1 Vorgang\s+1,00 €\s+7 ?%\s+1,00 €/);
    // the tariff in German words under "Ihr Tarif"
    expect(text.replace(/\u00a0/g, ' ')).toMatch(
      /Ihr Tarif\s+Startgebühr: 1,00 € je Ladevorgang \(1,19 € inkl. 19 % MwSt.\)\.\s+Energie: 0,49 € je kWh/,
    );
    expect(text.replace(/\u00a0/g, ' ')).toContain(
      '0,10 € je Minute, 6,00 € je Stunde (7,14 € inkl. 19 % MwSt. je Stunde).',
    );
    expect(text).toMatch(/Regelsteuersatz 19 %\s+19,85 €\s+3,77 €/);
    expect(text).toMatch(/Summe netto\s+20,85 €/);
    expect(text).toMatch(/Gesamtbetrag\s+24,69 €/);
    expect(text).toMatch(/Zu zahlen\s+24,69 €/);
    expect(business.totals).toMatchObject({ net: '20.85', vat: '3.84', gross: '24.69' });
  });

  it('prints the signed readings and attaches the signed data verbatim for the transparency software', () => {
    const text = pdfText(pdf);
    expect(text).toContain('Zähler 1ESY1161229886');
    expect(text).toContain('Start: 1234.5678 kWh · 2025-03-02T09:15:00,000+0100 S · Status G');
    const name = 'session-1-S-00001-signed-meter-data.xml';
    expect(attachmentNames(pdf)).toEqual(['factur-x.xml', name]);
    const xml = attachment(pdf, name);
    for (const value of signedMeterData.values) {
      expect(xml).toContain(
        `format="OCMF" encoding="plain" transactionId="S-00001">${value.signedData}</signedData>`,
      );
    }
    expect(xml).toContain(`<publicKey encoding="hex">${signedMeterData.publicKey}</publicKey>`);
  });

  it('embeds the CII XML as Factur-X, byte for byte, with PDF/A-3b and Factur-X metadata', () => {
    expect(attachment(pdf, 'factur-x.xml')).toBe(renderCiiXml(business));
    const meta = pdfInfo(pdf, true);
    expect(meta).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(meta).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(meta).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(meta).toContain(
      '<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>',
    );
    expect(pdf.includes('/AFRelationship /Alternative')).toBe(true);
    expect(pdf.includes('/Subtype /text#2Fxml')).toBe(true);
    expect(pdf.includes('/OutputIntents')).toBe(true);
  });

  it('meets what PDF/A checks can be made here: every font embedded, well-formed XMP', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.map((row) => row[0].replace(/^[A-Z]{6}\+/, ''))).toEqual([
      'DejaVuSansCondensed-Bold',
      'DejaVuSansCondensed',
    ]);
    // columns: name, type (2 words), encoding, emb, sub, uni, object, generation
    for (const row of fonts) expect(row.slice(4, 7)).toEqual(['yes', 'yes', 'yes']);
    const xmp = pdfInfo(pdf, true);
    expect(() => create(xmp)).not.toThrow();
    expect(xmp).toContain('<xmp:ModifyDate>2025-03-31T22:00:00Z</xmp:ModifyDate>');
  });

  it('gives the same bytes for the same invoice, with dates from the invoice', async () => {
    const again = await renderInvoicePdf(business);
    expect(again.equals(pdf)).toBe(true);
    const info = pdfInfo(pdf);
    expect(info).toMatch(/CreationDate:\s+Mon Mar 31 22:00:00 2025 UTC/); // 1 April 2025, 00:00 in Berlin
    expect(info).toMatch(/Title:\s+Rechnung VW-2025-000123/);
  });

  it('repeats the table heads on every page of a long contract invoice', async () => {
    const contract = await renderInvoicePdf(computeInvoice(contractDraft(30)));
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfInfo(contract))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(contract, page);
      expect(text).toContain(`Seite ${page} von ${pages}`);
      if (page > 1 && page < pages)
        expect(text).toMatch(
          /Ladevorgänge \(Fortsetzung\)\s+Beschreibung\s+Menge\s+Einzelpreis\s+USt\.\s+Netto/,
        );
    }
    expect(pdfText(contract, 1)).toMatch(/Ladevorgänge\s+Beschreibung\s+Menge/);
    const all = pdfText(contract);
    for (let n = 1; n <= 30; n++) expect(all).toContain(`Ladevorgang S-${String(n).padStart(5, '0')}`);
  });

  it('prints a card-paid consumer invoice in English without Factur-X', async () => {
    const paid = computeInvoice(
      draft({
        customer: { ...consumer, language: 'en' },
        dueDate: undefined,
        payment: { status: 'paid', method: 'card', cardLast4: '4242', cardBrand: 'VISA' },
      }),
    );
    const paidPdf = await renderInvoicePdf(paid);
    const text = pdfText(paidPdf);
    expect(text).toContain('Invoice');
    expect(text).toContain('Paid by card VISA •••• 4242. Nothing is left to pay.');
    expect(text).toMatch(/Amount due\s+€0\.00/);
    expect(text).not.toContain('Account holder');
    expect(attachmentNames(paidPdf)).toEqual([]);

    const byTransfer = computeInvoice(draft({ payment: { status: 'paid', method: 'bank_transfer' } }));
    const transferText = pdfText(await renderInvoicePdf(byTransfer));
    expect(transferText).toContain('Bezahlt per Überweisung. Es ist nichts mehr zu zahlen.');
    expect(transferText).not.toContain('Kontoinhaber');

    // Captured but not yet confirmed by Stripe: processing, no transfer requested.
    const processing = computeInvoice(
      draft({ payment: { status: 'open', method: 'card', cardLast4: '4242', cardBrand: 'VISA' } }),
    );
    const processingText = pdfText(await renderInvoicePdf(processing));
    expect(processingText).toContain(
      'Die Kartenzahlung über 15,76 € mit Ihrer Karte VISA •••• 4242 wird bearbeitet.',
    );
    expect(processingText).not.toContain('Kontoinhaber');
  });

  it('prints a credit note with the corrected invoice and negative amounts', async () => {
    const note = computeInvoice(
      creditNoteFor(business, {
        full: true,
        reason: 'Ladepunkt defekt',
        number: 'VW-2025-000124',
        issueDate: '2025-04-03',
      }),
    );
    const notePdf = await renderInvoicePdf(note);
    const text = pdfText(notePdf);
    expect(text).toContain('Rechnungskorrektur');
    expect(text).toContain('Diese Rechnungskorrektur berichtigt die Rechnung VW-2025-000123 vom 01.04.2025.');
    expect(text).toContain('Ladepunkt defekt');
    expect(text).toMatch(/Gutgeschrieben\s+-24,69 €/);
    expect(text).not.toContain('Zu zahlen');
    expect(attachment(notePdf, 'factur-x.xml')).toContain('<ram:TypeCode>381</ram:TypeCode>');
  });

  it('prints the reverse-charge wording, and leaves Factur-X out where EN 16931 cannot carry the currency', async () => {
    const rc = computeInvoice(draft({ customer: foreignBusiness, vatTreatment: 'reverse_charge' }));
    const rcText = pdfText(await renderInvoicePdf(rc));
    expect(rcText).toContain('Reverse charge: the recipient is liable for the VAT');
    expect(rcText).toMatch(/Reverse charge 0%\s+€13\.24\s+€0\.00/);
    expect(rcText).toContain('NETHERLANDS');

    const kwd = computeInvoice(draft({ currency: 'KWD' }));
    const kwdPdf = await renderInvoicePdf(kwd);
    expect(attachmentNames(kwdPdf)).toEqual([]);
    // three decimals: 23.456 × 0.49 = 11.49344 → 11.493, + 1.000 + 0.750; VAT 13.243 × 19 % = 2.51617 → 2.516
    expect(pdfText(kwdPdf)).toMatch(/Gesamtbetrag\s+15,759\s+KWD/);
    await expect(renderInvoicePdf(kwd, { facturX: true })).rejects.toThrow(/at most 2 decimals/);
  });

  it('cuts text too long for its cell with an ellipsis instead of overprinting the next column', async () => {
    const long =
      'Parkhaus am Hauptbahnhof, Ebene minus drei, Ladepark Nord mit sehr langem Namen bis ans Ende';
    const invoice = computeInvoice(
      draft({ lines: [session(1, [energy('1')], { location: { name: long } })] }),
    );
    const text = pdfText(await renderInvoicePdf(invoice));
    expect(text).toMatch(/Ladevorgang S-00001 · Parkhaus am Hauptbahnhof[^\n]*…\s+0,49 €/);
    expect(text).not.toContain('bis ans Ende');
  });

  it("prints the tariff in the customer's language under its heading", async () => {
    const tariff = JSON.parse(readFileSync(path.resolve(__dirname, '../../examples/tariff.json'), 'utf8'));
    const wordsIn = (language: 'de' | 'en') => {
      const { title, lines } = describeTariff(tariff, { language });
      return [title, ...lines];
    };
    const textOf = async (language: 'de' | 'en') =>
      pdfText(
        await renderInvoicePdf(
          computeInvoice(
            draft({
              customer: { ...consumer, language },
              tariffSummary: wordsIn(language),
            }),
          ),
        ),
      ).replace(/\u00a0/g, ' ');
    const german = await textOf('de');
    expect(german).toMatch(/Ihr Tarif\s+Tarif BER-AC-2024 \(REGULAR\), Preise in EUR/);
    expect(german).toContain('Startgebühr: 0,35 € je Ladevorgang (0,4165 € inkl. 19 % MwSt.).');
    expect(german).toContain('Keine Blockiergebühr in den ersten 2 Stunden.');
    expect(german.slice(german.indexOf('Ihr Tarif'))).not.toMatch(/Session fee|per kWh|€0\.00/);
    const english = await textOf('en');
    expect(english).toMatch(/Your tariff\s+Tariff BER-AC-2024 \(REGULAR\), prices in EUR/);
    expect(english).toContain('No idle fee during the first 2 hours of the session.');
  });

  it('renders page one as an image', () => {
    const png = firstPagePng(pdf);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });
});
