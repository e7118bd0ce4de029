#!/usr/bin/env node
'use strict';
// Empties dist/ before a build, so that a module renamed or removed in the source never ships
// from an earlier build's leftovers.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
