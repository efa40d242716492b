#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx: no build step to forget.
require('tsx/cjs');
require('../src/cli/main.ts')
  .main(process.argv)
  .catch((err) => {
    process.stderr.write(`chargeledger: ${err && err.message ? err.message : String(err)}\n`);
    process.exit(1);
  });
