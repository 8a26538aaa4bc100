#!/usr/bin/env node
// The build copies the job queue page's static files next to the compiled gateway.
'use strict';
const { cpSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
cpSync(
  join(root, 'apps/gateway/src/dashboard/public'),
  join(root, 'dist/apps/gateway/src/dashboard/public'),
  { recursive: true },
);
