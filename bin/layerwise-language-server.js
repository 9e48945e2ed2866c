#!/usr/bin/env node
// Speaks LSP over --stdio (or --node-ipc / --socket=N), for any editor.
require('../dist/server.js');
