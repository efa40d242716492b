#!/usr/bin/env node
// Installs whatever a fresh clone is missing, then gets out of the way.
// Runs before the npm packages are installed, so it may only use Node's built-ins.
//
//  - npm packages: `npm install` when node_modules is absent or older than package-lock.json
//  - the Temporal CLI (dev server) and stripe-mock: `go install` into .tools/bin (git-ignored)
//
// Skips a tool when it is already there, on PATH, or when the environment points elsewhere
// (TEMPORAL_ADDRESS for an existing Temporal, STRIPE_API_BASE for an existing Stripe endpoint).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const toolsBin = path.join(root, '.tools', 'bin');

const TOOLS = [
  { name: 'temporal', module: 'github.com/temporalio/cli/cmd/temporal@v1.5.1', skipEnv: 'TEMPORAL_ADDRESS' },
  { name: 'stripe-mock', module: 'github.com/stripe/stripe-mock@v0.197.0', skipEnv: 'STRIPE_API_BASE' },
];

function log(msg) {
  process.stderr.write(`[setup] ${msg}\n`);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureNodeModules() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.package-lock.json');
  if (mtime(stamp) && mtime(stamp) >= mtime(lock)) return;
  // `npm install` (not `npm ci`) installs exactly the locked versions too, but tolerates lock entries
  // for other platforms' optional binaries (@swc/core-darwin-*, …) that a registry mirror may not
  // serve: `npm ci` refuses the whole install for those.
  log('installing npm packages (npm install from package-lock.json)…');
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('npm install failed');
}

function onPath(name) {
  const res = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : null;
}

function ensureTool(tool) {
  if (process.env[tool.skipEnv]) return;
  const local = path.join(toolsBin, tool.name);
  if (fs.existsSync(local) || onPath(tool.name)) return;
  if (!onPath('go')) {
    throw new Error(
      `${tool.name} is missing and Go is not installed to build it. Install Go (https://go.dev/dl) ` +
        `or put ${tool.name} on PATH, then run this again.`,
    );
  }
  log(`building ${tool.name} (go install ${tool.module}); the first time takes a few minutes…`);
  // Build into a private directory and move the binary into place in one step, so an interrupted or
  // concurrent build never leaves a half-written tool that later runs would take for a good one.
  fs.mkdirSync(path.dirname(toolsBin), { recursive: true });
  const staging = fs.mkdtempSync(`${toolsBin}-`);
  try {
    execFileSync('go', ['install', tool.module], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS || '-mod=mod' },
    });
    fs.mkdirSync(toolsBin, { recursive: true });
    fs.renameSync(path.join(staging, tool.name), local);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function main() {
  ensureNodeModules();
  for (const tool of TOOLS) ensureTool(tool);
}

try {
  main();
} catch (err) {
  log(`failed: ${err.message}`);
  process.exit(1);
}
