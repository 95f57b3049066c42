// Browser check of the live events: a page on another origin opens a real EventSource on a chat's stream, and a
// message created over REST shows up on it, which it can only do if the node's CORS lets that origin in.
//
//   node live-check.mjs BASE_URL        (scripts/live-check installs what it needs, then runs this)
//
// The page is served by a small server of this script's own on LIVE_CHECK_PAGE_ORIGIN (default
// http://127.0.0.1:8079), which the node must list in CHAT_CORS_ORIGINS. Environment: CHROMIUM (default
// /usr/bin/chromium), LIVE_CHECK_OUT (where the screenshot goes, default scripts/browser/target). Exits 0 after
// "live-check: passed", 1 with "live-check: FAILED: ..." on stderr, 2 on bad usage. Every wait is bounded,
// and a watchdog ends the run whatever hangs.
import { fail, http, launchChromium, parseJson, progress, runCheck, screenshotAtFailure } from './check.mjs';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_PAGE_ORIGIN = 'http://127.0.0.1:8079';
const STEP_TIMEOUT_MS = 15_000;
/** From the REST create to the page: a worker applies it, then the node hears of it and reads the feed. */
const ARRIVAL_TIMEOUT_MS = 30_000;
const WATCHDOG_MS = 120_000;

const state = progress('live-check');
const { say } = state;

// The page knows nothing but the stream's URL, given in its query: it shows the stream's state and every
// message.created it receives, as an application's page would.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>live-check</title></head>
<body>
<p>Stream: <span id="state">connecting</span></p>
<ul id="messages"></ul>
<script>
  const state = document.getElementById('state');
  const source = new EventSource(new URLSearchParams(location.search).get('stream'));
  source.onopen = () => { state.textContent = 'open'; };
  // A stream refused by CORS fails for good (CLOSED); a dropped one is retried (CONNECTING).
  source.onerror = () => { state.textContent = source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting'; };
  source.addEventListener('message.created', (event) => {
    const message = JSON.parse(event.data);
    const item = document.createElement('li');
    item.dataset.number = message.number;
    item.dataset.eventId = event.lastEventId;
    item.textContent = message.body;
    document.getElementById('messages').append(item);
  });
</script>
</body></html>
`;

function usage() {
  console.error('usage: node live-check.mjs BASE_URL   e.g. node live-check.mjs http://127.0.0.1:8080');
  process.exit(2);
}

/** Serves the page at / on the page's origin until closed; nothing else. */
async function servePage(pageOrigin) {
  const { hostname, port } = new URL(pageOrigin);
  const server = createServer((request, response) => {
    if (request.method === 'GET' && new URL(request.url, pageOrigin).pathname === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(PAGE);
    } else if (request.url === '/favicon.ico') {
      response.writeHead(204).end(); // a 404 would be logged as an error of the page
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((ok, ko) => {
    server.once('error', (e) => ko(e));
    server.listen(Number(port || 80), hostname, ok);
  }).catch((e) => fail(`cannot serve the page on ${pageOrigin}: ${e.message}`));
  return server;
}

/** Why a browser on pageOrigin may not read the API, as the node's CORS headers tell. */
async function corsDiagnosis(base, token, pageOrigin) {
  const answer = await http('GET', `${base}/applications/${encodeURIComponent(token)}`, undefined,
    { Origin: pageOrigin }).catch((e) => ({ headers: new Headers(), status: e.message }));
  const allowed = answer.headers.get('access-control-allow-origin');
  return allowed === pageOrigin
    ? `the node allows ${pageOrigin} (Access-Control-Allow-Origin: ${allowed})`
    : `the node does not allow the page's origin ${pageOrigin} (Access-Control-Allow-Origin: ${allowed ?? 'none'}): `
      + `start it with CHAT_CORS_ORIGINS including ${pageOrigin} (scripts/stack: CHAT_STACK_CORS_ORIGINS)`;
}

async function main(watchdog) {
  if (process.argv.length !== 3 || !/^https?:\/\/\S+$/.test(process.argv[2])) usage();
  const base = process.argv[2].replace(/\/+$/, '');
  const pageOrigin = new URL(process.env.LIVE_CHECK_PAGE_ORIGIN || DEFAULT_PAGE_ORIGIN).origin;
  if (pageOrigin === new URL(base).origin) fail(`the page's origin ${pageOrigin} must differ from the API's`);
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  const outDir = resolve(process.env.LIVE_CHECK_OUT
    || join(dirname(fileURLToPath(import.meta.url)), 'target'));
  mkdirSync(outDir, { recursive: true });

  say(`creating an application and a chat on ${base}`);
  const name = `live-check ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`;
  const app = await http('POST', `${base}/applications`, { name });
  if (app.status !== 201) fail(`POST /applications answered ${app.status}, expected 201: ${app.text.slice(0, 300)}`);
  const token = parseJson(app.text, 'POST /applications').token;
  const appUrl = `${base}/applications/${encodeURIComponent(token)}`;
  const chatAnswer = await http('POST', `${appUrl}/chats`);
  if (chatAnswer.status !== 202) fail(`POST …/chats answered ${chatAnswer.status}, expected 202: ${chatAnswer.text.slice(0, 300)}`);
  const chat = parseJson(chatAnswer.text, 'POST …/chats').number;
  const streamUrl = `${appUrl}/chats/${chat}/events`;

  say(`serving the page on ${pageOrigin}`);
  const server = await servePage(pageOrigin);
  say(`launching ${chromiumPath} (headless)`);
  const browser = await launchChromium(chromiumPath);
  watchdog.browser = browser;
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });

    say(`opening the page, whose EventSource reads ${streamUrl}`);
    const answer = await page.goto(`${pageOrigin}/?stream=${encodeURIComponent(streamUrl)}`, { waitUntil: 'load' });
    if (answer?.status() !== 200) fail(`the page answered ${answer?.status()}, expected 200`);
    const pageSeen = await page.evaluate(() => location.origin);
    if (pageSeen !== pageOrigin) fail(`the page runs on ${pageSeen}, expected ${pageOrigin}`);
    const opened = await page.waitForFunction(
      () => ['open', 'failed'].includes(document.getElementById('state').textContent), undefined,
      { timeout: STEP_TIMEOUT_MS }).then(() => page.textContent('#state'), () => 'still connecting');
    if (opened !== 'open') {
      fail(`the page's EventSource did not open (${opened}): ${await corsDiagnosis(base, token, pageOrigin)}`
        + (problems.length ? `; the page said:\n  ${problems.join('\n  ')}` : ''));
    }
    say('the stream is open in the page');

    const body = `live-check ${Math.random().toString(36).slice(2, 10)} ✓`;
    const created = await http('POST', `${appUrl}/chats/${chat}/messages`, { body });
    if (created.status !== 202) fail(`POST …/messages answered ${created.status}, expected 202: ${created.text.slice(0, 300)}`);
    const number = parseJson(created.text, 'POST …/messages').number;
    say(`created message ${number} over REST; waiting for the page to show it`);
    const item = page.locator(`#messages li[data-number="${number}"]`);
    await item.waitFor({ timeout: ARRIVAL_TIMEOUT_MS })
      .catch(() => fail(`message ${number} did not show on the page within ${ARRIVAL_TIMEOUT_MS} ms (stream: `
        + `${problems.length ? problems.join('; ') : 'no error reported'})`));
    const shown = await item.textContent();
    if (shown !== body) fail(`the page shows '${shown}' for message ${number}, expected '${body}'`);
    const eventId = await item.getAttribute('data-event-id');
    const livePng = join(outDir, 'live.png');
    await page.screenshot({ path: livePng });
    say(`the page shows message ${number} (event id ${eventId}); screenshot: ${livePng}`);
    if (problems.length) fail(`the page reported problems:\n  ${problems.join('\n  ')}`);
  } catch (e) {
    await screenshotAtFailure('live-check', browser, join(outDir, 'live-failed.png'));
    throw e;
  } finally {
    await browser.close().catch(() => {});
    server.close();
    // The check leaves nothing behind where it can help it.
    await http('DELETE', appUrl).catch(() => {});
  }
  say(`passed: a page on ${pageOrigin} received a message created over REST live from ${base}`);
}

runCheck('live-check', state, WATCHDOG_MS, main);
