// What the browser checks (docs-check.mjs, live-check.mjs) share: progress lines, bounded HTTP calls, the
// headless Chromium they drive, and the run itself, with its watchdog and exit statuses (0 passed, 1 FAILED,
// 2 bad usage).
import { chromium } from 'playwright-core';

export const LAUNCH_TIMEOUT_MS = 30_000;
export const HTTP_TIMEOUT_MS = 10_000;

export class CheckFailure extends Error {}

export const fail = (message) => { throw new CheckFailure(message); };

/** A check's progress reporter; the last line said names the step a failure happened in. */
export function progress(name) {
  const state = { step: 'starting' };
  state.say = (line) => { state.step = line; console.log(`${name}: ${line}`); };
  return state;
}

/** One HTTP call from Node (not the browser), bounded; fails the check when nothing answers. */
export async function http(method, url, body, headers = {}) {
  const init = { method, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), headers: { ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    fail(`${method} ${url} got no answer: ${e.cause?.message ?? e.message}`);
  }
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    fail(`${what} is not JSON: ${text.slice(0, 300)}`);
  }
}

/** Debian's Chromium, headless, kept from calling out to the internet. */
export async function launchChromium(chromiumPath) {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    // Root runs Chromium without its sandbox; the network flags keep it from calling out, which this
    // machine's closed network refuses (and which would make the run depend on the outside world).
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  }).catch((e) => fail(`cannot start Chromium at ${chromiumPath}: ${e.message.split('\n')[0]}`));
}

/**
 * Runs a check to its exit: main(watchdog) sets watchdog.browser once it has one, so that the watchdog can
 * close it when the run outlives watchdogMs.
 */
export function runCheck(name, state, watchdogMs, main) {
  const watchdog = { browser: null };
  const timer = setTimeout(() => {
    console.error(`${name}: FAILED: still running after ${watchdogMs / 1000} s, giving up`);
    watchdog.browser?.close().catch(() => {});
    process.exit(1);
  }, watchdogMs);
  timer.unref();
  main(watchdog).then(() => process.exit(0), (e) => {
    // Playwright's own errors (a timeout, a missing element) carry a call log worth keeping, not a stack.
    const detail = e instanceof CheckFailure ? e.message : `${e.message}${e.name === 'Error' ? '' : ` (${e.name})`}`;
    console.error(`${name}: FAILED at "${state.step}": ${detail}`);
    process.exit(1);
  });
}

/** A picture of the page as it was when a check failed, which says more than most messages. */
export async function screenshotAtFailure(name, browser, path) {
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages.length && await pages[0].screenshot({ path, fullPage: true, timeout: 5_000 })
    .then(() => true, () => false)) {
    console.error(`${name}: screenshot at the failure: ${path}`);
  }
}
