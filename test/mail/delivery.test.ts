// Delivery against a real SMTP server (smtp-server on a free loopback port) and into a real folder.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../../src/dev/smtpServer';
import { composeInvoiceEmail, type OutgoingEmail } from '../../src/mail/invoiceEmail';
import { createMailer, type Mailer } from '../../src/mail/mailer';
import { sendInvoiceEmail } from '../../src/mail/sendInvoiceEmail';
import { invoiceEmailInput } from './invoiceFixture';
import { simpleParser, type ParsedMail } from 'mailparser';

function renderPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ info: { CreationDate: new Date('2026-11-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Rechnung INV-2026-000123 — 1.234,50 €');
    doc.end();
  });
}

let pdf: Buffer;
let email: OutgoingEmail;
const xml = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Invoice>Grüße</Invoice>\n');
const opened: { sink?: SmtpSink; mailer?: Mailer }[] = [];

beforeAll(async () => {
  pdf = await renderPdf();
  email = composeInvoiceEmail(
    invoiceEmailInput(pdf, {
      issuer: { name: 'Stadtwerke Müllerstadt', email: 'billing@stadtwerke.example' },
      xml,
    }),
  );
});

afterEach(async () => {
  for (const { sink, mailer } of opened.splice(0)) {
    mailer?.close();
    await sink?.stop();
  }
});

async function smtp(options: SmtpSinkOptions = {}): Promise<{ sink: SmtpSink; mailer: Mailer }> {
  const sink = await startSmtpSink(options);
  const mailer = createMailer({ smtpUrl: sink.url, outDir: '/nonexistent' });
  opened.push({ sink, mailer });
  return { sink, mailer };
}

describe('sendInvoiceEmail over SMTP', () => {
  it('delivers subject, text and HTML bodies, and byte-exact PDF and XML attachments', async () => {
    const { sink, mailer } = await smtp();
    expect(mailer.destination).toBe(sink.url);
    const result = await sendInvoiceEmail(mailer, email);
    expect(result).toMatchObject({
      ok: true,
      receipt: { accepted: ['erika@example.org'], rejected: [], messageId: email.messageId },
    });

    const [received] = await sink.waitForMessages(1);
    expect(received.envelope).toEqual({ from: 'billing@stadtwerke.example', to: ['erika@example.org'] });
    const message = await simpleParser(received.raw);
    expect(message.subject).toBe('Rechnung INV-2026-000123 von Stadtwerke Müllerstadt');
    expect(message.messageId).toBe('<invoice.INV-2026-000123@stadtwerke.example>');
    expect(addressText(message.to)).toBe('Erika Mustermann <erika@example.org>');
    expect(message.text).toBe(email.text);
    expect(message.html).toBe(email.html);

    const pdfPart = attachmentNamed(message, 'INV-2026-000123.pdf');
    expect(pdfPart?.contentType).toBe('application/pdf');
    expect(pdfPart?.content.equals(pdf)).toBe(true);
    expect(attachmentNamed(message, 'INV-2026-000123.xml')?.content.equals(xml)).toBe(true);
  });

  it('a line break in a name cannot add headers or recipients', async () => {
    const { sink, mailer } = await smtp();
    const hostile = composeInvoiceEmail(
      invoiceEmailInput(pdf, {
        customer: { name: 'Erika\r\nBcc: mallory@evil.example', email: 'erika@example.org' },
      }),
    );
    expect((await sendInvoiceEmail(mailer, hostile)).ok).toBe(true);
    const [received] = await sink.waitForMessages(1);
    expect(received.envelope.to).toEqual(['erika@example.org']);
    const message = await simpleParser(received.raw);
    expect(message.bcc).toBeUndefined();
    expect(message.headerLines.filter((line) => line.key === 'to')).toHaveLength(1);
    // The name stays inside the one To header's display name: one recipient, no Bcc.
    expect(addressText(message.to)).toMatch(/^Erika\s+Bcc: mallory@evil\.example <erika@example\.org>$/);
  });

  it('sends the same Message-ID again on a retry, so the duplicate is recognisable', async () => {
    const { sink, mailer } = await smtp();
    await sendInvoiceEmail(mailer, email);
    await sendInvoiceEmail(mailer, email);
    const messages = await Promise.all((await sink.waitForMessages(2)).map((m) => simpleParser(m.raw)));
    const ids = messages.map((message) => message.messageId);
    expect(ids).toEqual([email.messageId, email.messageId]);
  });

  it('a 451 reply is retryable, and the retry is delivered', async () => {
    let attempts = 0;
    const { sink, mailer } = await smtp({
      onMessage: () => (++attempts === 1 ? { code: 451, message: 'Greylisted, try again later' } : undefined),
    });
    const first = await sendInvoiceEmail(mailer, email);
    expect(first).toMatchObject({
      ok: false,
      failure: { retryable: true, kind: 'deferred', responseCode: 451 },
    });
    const second = await sendInvoiceEmail(mailer, email);
    expect(second.ok).toBe(true);
    expect(await sink.waitForMessages(1)).toHaveLength(1);
  });

  it('a 550 for the recipient is final', async () => {
    const { sink, mailer } = await smtp({
      onRecipient: (address) =>
        address === 'erika@example.org' ? { code: 550, message: 'No such mailbox' } : undefined,
    });
    const result = await sendInvoiceEmail(mailer, email);
    expect(result).toMatchObject({
      ok: false,
      failure: { retryable: false, kind: 'rejected', responseCode: 550 },
    });
    expect(sink.messages).toHaveLength(0);
  });

  it('a server that cannot be reached is retryable', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, outDir: '/nonexistent' });
    opened.push({ mailer });
    const result = await sendInvoiceEmail(mailer, email);
    expect(result).toMatchObject({ ok: false, failure: { retryable: true, kind: 'connection' } });
  });

  it('refuses an SMTP_URL that is not one', () => {
    expect(() => createMailer({ smtpUrl: 'localhost:25', outDir: '/tmp' })).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
    expect(() => createMailer({ smtpUrl: 'not a url', outDir: '/tmp' })).toThrow(/is not a URL/);
  });
});

describe('outbox folder (no SMTP configured)', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'chargeledger-outbox-'));
  });
  afterEach(async () => {
    await fs.rm(outDir, { recursive: true, force: true });
  });

  it('writes a parseable .eml named after the Message-ID, once however often it is sent', async () => {
    const mailer = createMailer({ smtpUrl: undefined, outDir });
    expect(mailer.destination).toBe(path.join(outDir, 'outbox'));
    const first = await sendInvoiceEmail(mailer, email);
    const second = await sendInvoiceEmail(mailer, email);
    mailer.close();
    if (!first.ok || !second.ok) throw new Error('outbox delivery failed');
    const file = path.join(outDir, 'outbox', 'invoice.INV-2026-000123@stadtwerke.example.eml');
    expect(first.receipt).toMatchObject({ outboxFile: file, accepted: ['erika@example.org'] });
    expect(await fs.readdir(path.join(outDir, 'outbox'))).toEqual([path.basename(file)]);

    const raw = await fs.readFile(file);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/); // RFC 5322: CRLF line ends only
    const message = await simpleParser(raw);
    expect(message.messageId).toBe(email.messageId);
    expect(message.subject).toBe(email.subject);
    expect(addressText(message.from)).toBe('Stadtwerke Müllerstadt <billing@stadtwerke.example>');
    expect(message.date).toBeInstanceOf(Date);
    expect(message.text).toBe(email.text);
    expect(attachmentNamed(message, 'INV-2026-000123.pdf')?.content.equals(pdf)).toBe(true);
  });

  it('an outbox that cannot be written is a retryable failure', async () => {
    const blocker = path.join(outDir, 'file-not-folder');
    await fs.writeFile(blocker, '');
    const mailer = createMailer({ smtpUrl: undefined, outDir: blocker });
    const result = await sendInvoiceEmail(mailer, email);
    mailer.close();
    expect(result).toMatchObject({ ok: false, failure: { retryable: true, kind: 'outbox' } });
  });
});

/** "Name <address>, …" of a parsed address header, from its decoded parts. */
function addressText(header: ParsedMail['to'] | ParsedMail['from']): string | undefined {
  if (!header) return undefined;
  return (Array.isArray(header) ? header : [header])
    .flatMap((h) => h.value)
    .map(({ name, address }) => (name ? `${name} <${address}>` : address))
    .join(', ');
}

function attachmentNamed(message: ParsedMail, filename: string) {
  return message.attachments.find((attachment) => attachment.filename === filename);
}
