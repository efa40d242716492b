// Rating throughput on one core (`npm run bench:rating`): rates a batch of realistic CDRs (1 to 50
// periods) against tariffs of 1 to 48 elements and prints CDRs/s overall and for 10-period CDRs, next
// to JSON.parse of the same CDR JSON measured in the same run. Target: ≥ 50,000 CDRs/s for 10-period
// CDRs. Figures only; nothing here asserts a speed.
import { pricedCdr } from '../src/tariff/engine/pricedCdr';
import { rateCdr } from '../src/tariff/engine/rateCdr';
import { parseCdr } from '../src/tariff/parse/parseDocuments';
import type { Cdr, Tariff } from '../src/tariff/types';
import { generateCdr, seededRandom, tariffPool } from './ratingFixtures';

const TIME_ZONE = 'Europe/Berlin';
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

interface Batch {
  name: string;
  json: string[];
  cdrs: Cdr[];
  tariffs: Tariff[];
}

function makeBatch(
  name: string,
  size: number,
  periods: (random: () => number) => number,
  seed: number,
): Batch {
  const random = seededRandom(seed);
  const pool = tariffPool();
  const json: string[] = [];
  const tariffs: Tariff[] = [];
  for (let i = 0; i < size; i++) {
    const tariff = pool[i % pool.length];
    json.push(JSON.stringify(generateCdr(random, i, tariff.id, periods(random))));
    tariffs.push(tariff);
  }
  return { name, json, cdrs: json.map((text) => JSON.parse(text) as Cdr), tariffs };
}

/** Repeats `pass` over the batch until MIN_SECONDS of CPU time; returns items per CPU-second. */
function measure(batch: Batch, pass: (batch: Batch) => number): { perSecond: number; checksum: number } {
  pass(batch); // warm-up: compile tariffs, fill zone caches, let the JIT settle
  pass(batch);
  let items = 0;
  let checksum = 0;
  const start = process.cpuUsage();
  let elapsedMicros = 0;
  while (elapsedMicros < MIN_SECONDS * 1e6) {
    checksum += pass(batch);
    items += batch.json.length;
    const used = process.cpuUsage(start);
    elapsedMicros = used.user + used.system;
  }
  return { perSecond: items / (elapsedMicros / 1e6), checksum };
}

const jsonParse = (batch: Batch) => {
  let sum = 0;
  for (const text of batch.json) sum += (JSON.parse(text) as Cdr).charging_periods.length;
  return sum;
};

const rate = (batch: Batch) => {
  let sum = 0;
  for (let i = 0; i < batch.cdrs.length; i++) {
    sum += rateCdr(batch.cdrs[i], { tariffs: [batch.tariffs[i]], timeZone: TIME_ZONE }).lines.length;
  }
  return sum;
};

/** The CLI's path without I/O: JSON text → parse → validate → rate → priced CDR → JSON text. */
const endToEnd = (batch: Batch) => {
  let sum = 0;
  for (let i = 0; i < batch.json.length; i++) {
    const cdr = parseCdr(JSON.parse(batch.json[i])).value;
    sum += JSON.stringify(
      pricedCdr(cdr, rateCdr(cdr, { tariffs: [batch.tariffs[i]], timeZone: TIME_ZONE })),
    ).length;
  }
  return sum;
};

const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);

function report(batch: Batch): number {
  const parse = measure(batch, jsonParse);
  const rated = measure(batch, rate);
  const full = measure(batch, endToEnd);
  const periods = batch.cdrs.reduce((sum, cdr) => sum + cdr.charging_periods.length, 0) / batch.cdrs.length;
  const bytes = batch.json.reduce((sum, text) => sum + text.length, 0) / batch.json.length;
  console.log(
    `${batch.name.padEnd(24)} ${periods.toFixed(1).padStart(5)} periods  ${Math.round(bytes).toString().padStart(6)} B/CDR` +
      `  JSON.parse ${format(parse.perSecond)}/s  rateCdr ${format(rated.perSecond)}/s` +
      `  (rate ÷ parse time ${(parse.perSecond / rated.perSecond).toFixed(2)}×)` +
      `  parse+validate+rate+stringify ${format(full.perSecond)}/s`,
  );
  return rated.perSecond;
}

function main(): void {
  console.log(
    `Rating benchmark: one core (single thread), Node ${process.version}, zone ${TIME_ZONE}, ≥${MIN_SECONDS} s CPU per figure`,
  );
  console.log(
    `Tariffs: ${tariffPool()
      .map((t) => `${t.id} (${t.elements.length} el.)`)
      .join(', ')}`,
  );
  const mixed = makeBatch('mixed 1–50 periods', 2000, (random) => 1 + Math.floor(random() * 50), 1);
  const ten = makeBatch('10-period CDRs', 2000, () => 10, 2);
  const hourly = makeBatch('10 periods, 48 elements', 2000, () => 10, 3);
  hourly.tariffs = hourly.tariffs.map(() => tariffPool()[5]);
  for (const cdr of hourly.cdrs) for (const period of cdr.charging_periods) period.tariff_id = 'HOURLY-48';
  report(mixed);
  const tenPerSecond = report(ten);
  report(hourly);
  console.log(
    `10-period CDRs: ${format(tenPerSecond).trim()} CDRs/s on one core; target ≥ 50,000/s: ${tenPerSecond >= 50_000 ? 'met' : 'NOT met'}`,
  );
}

main();
