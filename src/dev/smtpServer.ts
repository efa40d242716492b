// A local SMTP server that keeps what it receives: for tests and `chargeledger dev`. Loopback only,
// no authentication, no TLS. Hooks let a test make it refuse a recipient or a message with any reply.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedMail {
  /** MAIL FROM and RCPT TO as the client sent them. */
  envelope: { from: string; to: string[] };
  /** The message exactly as transmitted (RFC 5322, CRLF line ends). */
  raw: Buffer;
  receivedAt: Date;
}

/** An SMTP reply refusing a command, e.g. { code: 451, message: 'Try again later' }. */
export interface SmtpRejection {
  code: number;
  message: string;
}

export interface SmtpSinkOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Decides per RCPT TO; return a rejection to refuse that recipient. */
  onRecipient?: (address: string) => SmtpRejection | undefined;
  /** Decides once the whole message is in; a rejected message is not kept. */
  onMessage?: (mail: ReceivedMail) => SmtpRejection | undefined;
}

export interface SmtpSink {
  /** For SMTP_URL, e.g. smtp://127.0.0.1:2525 */
  url: string;
  port: number;
  /** Accepted messages, oldest first. */
  messages: ReceivedMail[];
  /** Resolves once `count` messages were accepted. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onRcptTo(address, _session, callback) {
      callback(rejectionError(options.onRecipient?.(address.address)));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          },
          raw: Buffer.concat(chunks),
          receivedAt: new Date(),
        };
        if (stream.sizeExceeded) {
          callback(rejectionError({ code: 552, message: `Message exceeds ${MAX_MESSAGE_BYTES} bytes` }));
          return;
        }
        const rejection = options.onMessage?.(mail);
        if (!rejection) {
          messages.push(mail);
          for (const wake of waiters) wake();
        }
        callback(rejectionError(rejection));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`SMTP sink got ${messages.length} of ${count} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function rejectionError(rejection: SmtpRejection | undefined): SMTPServerError | null {
  if (!rejection) return null;
  const err: SMTPServerError = new Error(rejection.message);
  err.responseCode = rejection.code;
  return err;
}
