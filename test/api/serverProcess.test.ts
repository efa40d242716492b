// src/server.ts as operators run it: a separate process configured only by the environment
// (DATABASE_URL, TEMPORAL_ADDRESS, CHARGELEDGER_API_*, CHARGELEDGER_BOOTSTRAP_API_KEY), listening on
// loopback, stopping cleanly on SIGTERM; and loadApiConfig's checks of those settings.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureBootstrapApiClient, loadApiConfig } from '../../src/api';
import { verifyApiKey } from '../../src/db';
import { freePort } from '../../src/dev/freePort';
import { useTestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { eventually, send } from './http';

const testDb = useTestDatabase();
const ROOT = path.resolve(__dirname, '../..');
const BOOTSTRAP_KEY = 'bootstrap-test-key-0123456789';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('tsx src/server.ts', () => {
  let server: Started | undefined;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    if (testDb.current.config.kind !== 'postgres')
      throw new Error('this test needs the PostgreSQL test database');
    server = startServer({
      DATABASE_URL: testDb.current.config.url,
      TEMPORAL_ADDRESS: testTemporalConfig().address!,
      CHARGELEDGER_API_HOST: '127.0.0.1',
      CHARGELEDGER_API_PORT: String(port),
      CHARGELEDGER_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
    });
    const started = server;
    await eventually(
      'the API process to answer /health',
      () => send(url, { url: '/health' }).catch(() => undefined),
      (response) => response?.statusCode === 200,
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nprocess output:\n${started.output()}`);
    });
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });

  it('creates the bootstrap admin client once and accepts its key', async () => {
    const client = await verifyApiKey(testDb.db, BOOTSTRAP_KEY);
    expect(client).toMatchObject({ name: 'bootstrap-admin-bootstra', scopes: ['admin'] });
    expect((await ensureBootstrapApiClient(testDb.db, BOOTSTRAP_KEY)).id).toBe(client!.id);

    const tariffs = await send(url, {
      url: '/v1/tariffs',
      headers: { authorization: `Bearer ${BOOTSTRAP_KEY}` },
    });
    expect(tariffs.statusCode).toBe(200);
    expect(tariffs.body).toEqual([]);
    const wrong = await send(url, { url: '/v1/tariffs', headers: { authorization: 'Bearer not-the-key' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('serves the OpenAPI document, and Swagger UI where Node can load it', async () => {
    const doc = await send(url, { url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.body.paths['/v1/sessions'].post.operationId).toBe('startSession');

    const [major, minor] = process.versions.node.split('.').map(Number);
    const ui = await send(url, { url: '/docs/' });
    if (major > 20 || (major === 20 && minor >= 19)) {
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toMatch(/^text\/html/);
      expect(ui.body).toContain('swagger-ui');
    } else {
      expect(ui.statusCode).toBe(503);
      expect(ui.body.error.message).toMatch(/the document is at \/docs\/json/);
    }
  });

  it('stops on SIGTERM with exit code 0', async () => {
    server!.child.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});

describe('loadApiConfig', () => {
  it('defaults to 127.0.0.1:8080 without a bootstrap key', () => {
    expect(loadApiConfig({})).toEqual({ host: '127.0.0.1', port: 8080, bootstrapApiKey: undefined });
  });

  it('names the setting that is wrong', () => {
    expect(() => loadApiConfig({ CHARGELEDGER_API_PORT: 'http' })).toThrow(
      'CHARGELEDGER_API_PORT must be a port number (0–65535), got "http"',
    );
    expect(() => loadApiConfig({ CHARGELEDGER_API_PORT: '70000' })).toThrow(/CHARGELEDGER_API_PORT/);
    expect(() => loadApiConfig({ CHARGELEDGER_BOOTSTRAP_API_KEY: 'short' })).toThrow(
      'CHARGELEDGER_BOOTSTRAP_API_KEY must have at least 16 characters',
    );
  });
});
