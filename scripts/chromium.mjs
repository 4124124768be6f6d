// Debian's Chromium, headless, the one way the tests, the benchmark and the weight check start it.
// The flags keep it off the network this machine does not have (background updates, sync, crash
// uploads would each try, and be refused, at every start); it runs as root, hence no sandbox.

import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium, or says how to install it. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS }).catch((e) => {
    throw new Error(`cannot start ${CHROMIUM} (make tools-browser installs it): ${e.message}`);
  });
}
