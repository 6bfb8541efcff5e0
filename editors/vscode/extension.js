/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- VS Code loads extensions as CommonJS; this one has no build step */
// pgshift for VS Code: starts `pgshift lsp` (the workspace's own pgshift, so the
// editor and CI lint with the same version and pgshift.config.json) and connects
// VS Code's language client to it over stdio. CommonJS, no build step.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The workspace's node_modules/.bin/pgshift, searched from each workspace folder. */
function localBinary() {
  const name = process.platform === 'win32' ? 'pgshift.cmd' : 'pgshift';
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const candidate = path.join(folder.uri.fsPath, 'node_modules', '.bin', name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function serverCommand(settings) {
  const configured = settings.get('path');
  if (configured) return { command: configured, args: ['lsp', '--stdio'] };
  const local = localBinary();
  if (local) return { command: local, args: ['lsp', '--stdio'] };
  return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--no-install', 'pgshift', 'lsp', '--stdio'] };
}

async function activate(context) {
  const settings = vscode.workspace.getConfiguration('pgshift');
  const { command, args } = serverCommand(settings);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? __dirname;
  // An executable without a transport speaks over its standard input and output.
  const run = { command, args, options: { cwd, shell: process.platform === 'win32' } };
  client = new LanguageClient(
    'pgshift',
    'pgshift',
    { run, debug: run },
    {
      documentSelector: [
        { scheme: 'file', language: 'sql' },
        { scheme: 'file', pattern: '**/*.sql' },
      ],
      initializationOptions: { debounceMs: settings.get('debounceMs') },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
