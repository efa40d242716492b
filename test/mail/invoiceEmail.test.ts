import { composeInvoiceEmail, escapeHtml, type InvoiceEmailInput } from '../../src/mail/invoiceEmail';
import { formatTotal, invoiceEmailLanguage } from '../../src/mail/invoiceEmailText';
import { invoiceMessageId } from '../../src/mail/messageId';
import { invoiceEmailInput } from './invoiceFixture';

const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');

const input = (overrides: Partial<InvoiceEmailInput> = {}) => invoiceEmailInput(pdf, overrides);

describe('composeInvoiceEmail', () => {
  it('writes German text and HTML with the formatted total and attaches the PDF', () => {
    const email = composeInvoiceEmail(input());
    expect(email.subject).toBe('Rechnung INV-2026-000123 von Stadtwerke Musterstadt');
    expect(email.text).toBe(
      'Guten Tag Erika Mustermann,\n\n' +
        'anbei erhalten Sie die Rechnung INV-2026-000123 über 1.234,50\u00a0€ als PDF.\n\n' +
        'Mit freundlichen Grüßen\nStadtwerke Musterstadt\n',
    );
    expect(email.html).toContain('<html lang="de">');
    expect(email.html).toContain(
      '<p>anbei erhalten Sie die Rechnung INV-2026-000123 über 1.234,50\u00a0€ als PDF.</p>',
    );
    expect(email.from).toEqual({ name: 'Stadtwerke Musterstadt', address: 'billing@stadtwerke.example' });
    expect(email.to).toEqual({ name: 'Erika Mustermann', address: 'erika@example.org' });
    expect(email.attachments).toEqual([
      { filename: 'INV-2026-000123.pdf', content: pdf, contentType: 'application/pdf' },
    ]);
    expect(email.messageId).toBe('<invoice.INV-2026-000123@stadtwerke.example>');
  });

  it('writes English for other languages, and mentions and attaches the e-invoice XML', () => {
    const xml = Buffer.from('<?xml version="1.0"?><Invoice/>');
    const email = composeInvoiceEmail(input({ language: 'fr-FR', currency: 'JPY', total: '4280', xml }));
    expect(email.subject).toBe('Invoice INV-2026-000123 from Stadtwerke Musterstadt');
    expect(email.text).toContain('please find attached invoice INV-2026-000123 for JP¥4,280 as a PDF.');
    expect(email.text).toContain('The electronic invoice (XML) is attached as well.');
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['INV-2026-000123.pdf', 'application/pdf'],
      ['INV-2026-000123.xml', 'application/xml'],
    ]);
  });

  it("escapes customers' data in the HTML body", () => {
    const email = composeInvoiceEmail(
      input({ customer: { name: `<b>O'Brien</b> & "Co"`, email: 'ob@example.org' } }),
    );
    expect(email.html).toContain('<p>Guten Tag &lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; &quot;Co&quot;,</p>');
    expect(email.html).not.toContain('<b>');
    expect(email.text).toContain(`Guten Tag <b>O'Brien</b> & "Co",`);
  });

  it.each([
    [
      { customer: { name: 'X', email: 'not-an-address' } },
      /customer.email "not-an-address" is not an e-mail address/,
    ],
    [{ issuer: { name: 'X', email: '' } }, /issuer.email "" is not an e-mail address/],
    [{ total: '12.345' }, /amount "12.345" has more decimals than EUR/],
    [{ currency: 'XXY' }, /unknown currency "XXY"/],
    [{ pdf: Buffer.alloc(0) }, /the PDF is empty/],
  ])('refuses bad input %j', (overrides, message) => {
    expect(() => composeInvoiceEmail(input(overrides as Partial<InvoiceEmailInput>))).toThrow(message);
  });
});

describe('invoiceMessageId', () => {
  it('is the same for the same invoice and distinct for distinct numbers', () => {
    const id = invoiceMessageId('INV-1', 'billing@Issuer.Example');
    expect(id).toBe('<invoice.INV-1@issuer.example>');
    expect(invoiceMessageId('INV-1', 'billing@issuer.example')).toBe(id);
    const ids = ['INV 1', 'INV_1', 'INV.1', 'INV/1', 'INV%201', 'Rechnung-Nr.ä1'].map((n) =>
      invoiceMessageId(n, 'billing@issuer.example'),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const messageId of ids) expect(messageId).toMatch(/^<invoice\.[A-Za-z0-9_%-]+@issuer\.example>$/);
  });

  it('refuses an issuer address without a usable domain', () => {
    expect(() => invoiceMessageId('INV-1', 'billing')).toThrow(/no usable domain/);
    expect(() => invoiceMessageId('', 'billing@issuer.example')).toThrow(/invoice number is empty/);
  });
});

describe('wording helpers', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_ch', 'de'],
    ['en', 'en'],
    ['fr', 'en'],
    ['dex', 'en'],
  ])('%s -> %s', (tag, language) => {
    expect(invoiceEmailLanguage(tag)).toBe(language);
  });

  it('formats the exact decimal, beyond what a float could hold', () => {
    expect(formatTotal('12345678901234567.89', 'EUR', 'en')).toBe('€12,345,678,901,234,567.89');
    expect(formatTotal('1.235', 'KWD', 'de')).toBe('1,235\u00a0KWD');
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
