#!/usr/bin/env node
// The CLI runs from the compiled build, which `npm ci` makes (the `prepare` script). The bin calls the CLI itself:
// npm starts it through a link (node_modules/.bin/audit-loop or npx's), so no "am I the main module?" test could tell.
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/main.js')) {
    process.stderr.write('Audit Loop is not built yet: run `npm ci` (or `npm run build`) in the project folder first.\n');
    process.exit(70);
  }
  throw e;
}
cli.runFromShell();
