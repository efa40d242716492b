// Invoice PDF throughput: computes and renders N invoices (default 10,000) on worker threads,
// one per core, and prints PDFs/s and the process's peak RSS, with the RSS along the run (it should
// stay flat: every cache the renderer keeps is bounded).
//   npm run bench:invoices -- --count 2000 --workers 2
// The mix: 70 % ad hoc driver receipts (one session, card paid, OCMF attached), 20 % small
// business invoices (Factur-X), 10 % contract invoices with 10–40 sessions over several pages.
import { availableParallelism } from 'os';
import { isMainThread, parentPort, Worker } from 'worker_threads';
import { computeInvoice } from '../src/invoice/computeInvoice';
import { renderInvoicePdf } from '../src/invoice/pdf/renderInvoicePdf';
import type { InvoiceDraft } from '../src/invoice/types';
import {
  consumer,
  contractDraft,
  draft,
  energy,
  idleFee,
  ocmfMeterData,
  session,
  sessionFee,
} from '../test/invoice/fixtures';

interface Slice {
  from: number;
  to: number;
}

interface Result {
  pdfs: number;
  bytes: number;
  pages: number;
}

function invoiceDraft(i: number): InvoiceDraft {
  const number = `BENCH-${String(i).padStart(7, '0')}`;
  const kind = i % 10;
  if (kind === 9) return { ...contractDraft(10 + (i % 31)), number };
  if (kind >= 7) {
    return draft({
      number,
      lines: Array.from({ length: 1 + (i % 3) }, (_, s) =>
        session(s + 1, [energy(`${5 + (i % 50)}.${i % 1000}`), sessionFee()]),
      ),
    });
  }
  return draft({
    number,
    customer: { ...consumer, language: i % 4 === 0 ? 'en' : 'de' },
    dueDate: undefined,
    payment: { status: 'paid', method: 'card', cardLast4: String(1000 + (i % 9000)), cardBrand: 'VISA' },
    lines: [
      session(
        i,
        [
          energy(`${3 + (i % 60)}.${String(i % 1000).padStart(3, '0')}`, '0.59'),
          idleFee(String(i % 30), '0.10'),
        ],
        {
          signedMeterData: ocmfMeterData(),
        },
      ),
    ],
  });
}

async function renderSlice({ from, to }: Slice): Promise<Result> {
  let bytes = 0;
  let pages = 0;
  for (let i = from; i < to; i++) {
    const pdf = await renderInvoicePdf(computeInvoice(invoiceDraft(i)));
    bytes += pdf.length;
    pages += pageCount(pdf);
  }
  return { pdfs: to - from, bytes, pages };
}

/** The page count in the PDF's page tree (PDFKit writes one /Count, in the Pages dictionary). */
function pageCount(pdf: Buffer): number {
  const at = pdf.indexOf('/Count ');
  return at < 0 ? 0 : Number.parseInt(pdf.toString('latin1', at + 7, at + 17), 10);
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** Starts a worker, lets it warm up (fonts parsed, code compiled) and resolves once it is ready for a slice. */
function readyWorker(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    // Worker threads do not inherit tsx's loader: register it, then load this file.
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true });
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

function run(worker: Worker, slice: Slice): Promise<Result> {
  return new Promise((resolve, reject) => {
    worker.once('message', (result: Result) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(slice);
  });
}

async function main(): Promise<void> {
  const count = option('count', 10_000);
  const workers = await Promise.all(
    Array.from({ length: option('workers', availableParallelism()) }, readyWorker),
  );

  // process.cpuUsage() counts every thread of the process, so it is read here, around all workers.
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  // RSS of the whole process (all threads), sampled along the run: the highest of each quarter is printed.
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(process.memoryUsage.rss()), 250);
  const results = await Promise.all(
    workers.map((worker, w) =>
      run(worker, {
        from: Math.floor((count * w) / workers.length),
        to: Math.floor((count * (w + 1)) / workers.length),
      }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  const total = results.reduce((a, r) => ({
    pdfs: a.pdfs + r.pdfs,
    bytes: a.bytes + r.bytes,
    pages: a.pages + r.pages,
  }));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `invoices rendered: ${total.pdfs} (${total.pages} pages, ${(total.bytes / 1e6).toFixed(1)} MB of PDF) on ${workers.length} worker thread(s)`,
  );
  console.log(`wall time: ${seconds.toFixed(2)} s`);
  console.log(`throughput: ${(total.pdfs / seconds).toFixed(0)} PDFs/s (target ≥ 200 on 2 cores)`);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `CPU per PDF: ${(cpuMs / total.pdfs).toFixed(2)} ms (compute + render, mean over the mix, all threads)`,
  );
  console.log(
    `CPU-bound ceiling here: ${((availableParallelism() * 1000 * total.pdfs) / cpuMs).toFixed(0)} PDFs/s`,
  );
  console.log(`peak RSS: ${peakRssMb.toFixed(0)} MB (whole process: main thread and workers)`);
  console.log(`RSS by quarter of the run (highest sample): ${quarterPeaks(rssSamples).join(' / ')} MB`);
}

function quarterPeaks(samples: number[]): string[] {
  return [0, 1, 2, 3].map((q) => {
    const quarter = samples.slice(
      Math.floor((samples.length * q) / 4),
      Math.floor((samples.length * (q + 1)) / 4),
    );
    return quarter.length ? (Math.max(...quarter) / 2 ** 20).toFixed(0) : '-';
  });
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  // Warm up on invoices outside the measured range, then render the slice the main thread sends.
  void renderSlice({ from: 1_000_000, to: 1_000_030 }).then(() => {
    parentPort?.once('message', (slice: Slice) =>
      renderSlice(slice).then((result) => parentPort?.postMessage(result)),
    );
    parentPort?.postMessage('ready');
  });
}
