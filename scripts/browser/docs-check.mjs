// Browser check of the Swagger UI page at /docs: every operation of /openapi.json renders, and "Try it out" creates an application.
//
//   node docs-check.mjs BASE_URL        (scripts/docs-check installs what it needs, then runs this)
//
// Environment: CHROMIUM (default /usr/bin/chromium), DOCS_CHECK_OUT (where the screenshots go,
// default scripts/browser/target). Exits 0 after "docs-check: passed", 1 with "docs-check: FAILED: ..." on
// stderr, 2 on bad usage. Every wait is bounded, and a watchdog ends the run whatever hangs.
import {
  fail, http, launchChromium, parseJson, progress, runCheck, screenshotAtFailure,
} from './check.mjs';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STEP_TIMEOUT_MS = 15_000;
const WATCHDOG_MS = 120_000;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const state = progress('docs-check');
const { say } = state;

function usage() {
  console.error('usage: node docs-check.mjs BASE_URL   e.g. node docs-check.mjs http://127.0.0.1:8080');
  process.exit(2);
}

/** "POST /applications" for every operation of the spec. */
function specOperations(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

/** The operations Swagger UI rendered, read from its DOM (an operation with several tags shows once per tag). */
async function renderedOperations(page) {
  const rows = await page.$$eval('.opblock', (blocks) => blocks.map((block) => ({
    method: block.querySelector('.opblock-summary-method')?.textContent.trim() ?? '',
    path: block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '',
  })));
  return [...new Set(rows.map((r) => `${r.method.toUpperCase()} ${r.path}`))].sort();
}

async function main(watchdog) {
  if (process.argv.length !== 3 || !/^https?:\/\/\S+$/.test(process.argv[2])) usage();
  const base = process.argv[2].replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  const outDir = resolve(process.env.DOCS_CHECK_OUT
    || join(dirname(fileURLToPath(import.meta.url)), 'target'));
  mkdirSync(outDir, { recursive: true });

  say(`reading ${base}/openapi.json`);
  const specAnswer = await http('GET', `${base}/openapi.json`);
  if (specAnswer.status !== 200) fail(`GET /openapi.json answered ${specAnswer.status}, expected 200`);
  const spec = parseJson(specAnswer.text, '/openapi.json');
  const expected = specOperations(spec);
  if (expected.length === 0) fail('/openapi.json describes no operation');
  say(`the spec describes ${expected.length} operations`);

  say(`launching ${chromiumPath} (headless)`);
  const browser = await launchChromium(chromiumPath);
  watchdog.browser = browser;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    // The page promises to fetch nothing from the internet: every request must stay on the server's origin.
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
        problems.push(`request to another origin: ${url}`);
      }
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));

    say(`opening ${base}/docs`);
    const answer = await page.goto(`${base}/docs`, { waitUntil: 'load' });
    if (answer?.status() !== 200) fail(`GET /docs answered ${answer?.status()}, expected 200`);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: STEP_TIMEOUT_MS })
      .catch(() => fail(`Swagger UI did not render the spec's title within ${STEP_TIMEOUT_MS} ms`));
    const title = (await page.textContent('.swagger-ui .info .title')) ?? '';
    if (!title.includes(spec.info?.title ?? '')) fail(`the page's title '${title}' lacks the spec's '${spec.info?.title}'`);
    // Operations render tag by tag; wait until as many as the spec has are on the page, then compare them.
    await page.waitForFunction((n) => document.querySelectorAll('.opblock').length >= n, expected.length,
      { timeout: STEP_TIMEOUT_MS }).catch(() => {});
    const rendered = await renderedOperations(page);
    const missing = expected.filter((op) => !rendered.includes(op));
    const extra = rendered.filter((op) => !expected.includes(op));
    const docsPng = join(outDir, 'docs.png');
    await page.screenshot({ path: docsPng, fullPage: true });
    say(`screenshot of the page: ${docsPng}`);
    if (missing.length || extra.length) {
      fail(`the page renders ${rendered.length} operations, the spec has ${expected.length}`
        + (missing.length ? `; missing: ${missing.join(', ')}` : '')
        + (extra.length ? `; not in the spec: ${extra.join(', ')}` : ''));
    }
    say(`all ${expected.length} operations of the spec are rendered`);

    say('POST /applications: expanding, "Try it out", Execute');
    const operation = page.locator('.opblock.opblock-post')
      .filter({ has: page.locator('.opblock-summary-path[data-path="/applications"]') });
    if ((await operation.count()) !== 1) fail(`expected one POST /applications block, found ${await operation.count()}`);
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    const name = `docs-check ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`;
    const body = operation.locator('textarea.body-param__text');
    await body.fill(JSON.stringify({ name }, null, 2));
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: STEP_TIMEOUT_MS })
      .catch(() => fail(`no server response rendered within ${STEP_TIMEOUT_MS} ms after Execute`));
    const code = (await status.textContent()).trim();
    const responseBody = (await operation
      .locator('.live-responses-table .response .response-col_description .highlight-code pre')
      .first().textContent()).trim();
    const requestUrl = (await operation.locator('.request-url pre').first().textContent()).trim();
    const tryPng = join(outDir, 'try-it-out.png');
    await operation.screenshot({ path: tryPng });
    say(`screenshot of the operation: ${tryPng}`);
    if (requestUrl !== `${base}/applications`) fail(`"Try it out" sent to ${requestUrl}, expected ${base}/applications`);
    if (code !== '201') fail(`"Try it out" rendered response code ${code}, expected 201; body: ${responseBody.slice(0, 300)}`);
    const created = parseJson(responseBody, 'the rendered response body');
    if (created.name !== name) fail(`the rendered response names '${created.name}', expected '${name}'`);
    if (typeof created.token !== 'string' || created.token === '') fail(`the rendered response has no token: ${responseBody}`);
    say(`rendered 201 with the name sent, token ${created.token.slice(0, 6)}…`);

    // Confirm outside the browser that the server really holds the application the page showed.
    const read = await http('GET', `${base}/applications/${encodeURIComponent(created.token)}`);
    if (read.status !== 200) fail(`GET /applications/{token} answered ${read.status}, expected 200: ${read.text.slice(0, 300)}`);
    const stored = parseJson(read.text, 'GET /applications/{token}');
    if (stored.name !== name) fail(`GET /applications/{token} names '${stored.name}', expected '${name}'`);
    say('GET /applications/{token} over plain HTTP returns the same application');

    if (problems.length) fail(`the page reported problems:\n  ${problems.join('\n  ')}`);
    // The check leaves nothing behind where it can help it; the deletion itself is smoke's to test.
    const removed = await http('DELETE', `${base}/applications/${encodeURIComponent(created.token)}`)
      .catch((e) => ({ status: e.message }));
    say(`deleted the application (${removed.status})`);
  } catch (e) {
    await screenshotAtFailure('docs-check', browser, join(outDir, 'failed.png'));
    throw e;
  } finally {
    await browser.close().catch(() => {});
  }
  say(`passed: ${expected.length} operations rendered, "Try it out" created an application (${base})`);
}

runCheck('docs-check', state, WATCHDOG_MS, main);
