#!/usr/bin/env node
// The CLI runs from the compiled build; `npm ci` builds it (the `prepare` script).
require('../dist/cli/main.js');
