// @ts-check
'use strict';
/** The fake Plivo (test/support/fakePlivo/): this entry keeps `require('…/support/fakePlivo')` working. */
module.exports = require('./fakePlivo/index');
