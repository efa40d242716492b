// A nodemailer transport that delivers into a folder: each message becomes one RFC 5322 .eml file,
// named after its Message-ID, so sending the same message again rewrites the same file.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';

export interface OutboxSentInfo {
  messageId: string;
  envelope: { from: string | false; to: string[] };
  accepted: string[];
  rejected: string[];
  /** The .eml file written. */
  file: string;
  response: string;
}

export function outboxTransport(dir: string): Transport<OutboxSentInfo> {
  return {
    name: 'chargeledger-outbox',
    version: '1',
    send(mail: MailMessage<OutboxSentInfo>, callback) {
      writeToOutbox(dir, mail).then(
        (info) => callback(null, info),
        (err: NodeJS.ErrnoException) => callback(err),
      );
    },
  };
}

async function writeToOutbox(dir: string, mail: MailMessage<OutboxSentInfo>): Promise<OutboxSentInfo> {
  const messageId = mail.message.messageId();
  const envelope = mail.message.getEnvelope();
  // nodemailer leaves text bodies with the LF line ends they were given (SMTP converts on the wire);
  // RFC 5322 files want CRLF everywhere. latin1 maps bytes 1:1, so no byte is altered but the line ends.
  const raw = Buffer.from(
    (await mail.message.build()).toString('latin1').replace(/\r?\n/g, '\r\n'),
    'latin1',
  );
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${fileNameOf(messageId)}.eml`);
  // Write beside, then rename: a reader never sees half a message.
  const partial = `${file}.${process.pid}.partial`;
  await fs.writeFile(partial, raw);
  await fs.rename(partial, file);
  return { messageId, envelope, accepted: envelope.to, rejected: [], file, response: `written to ${file}` };
}

/** The Message-ID without its angle brackets, with anything a file name should not hold replaced. */
function fileNameOf(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9@._%+-]/g, '_');
}
