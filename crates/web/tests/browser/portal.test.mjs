// End-to-end tests of the portal (`rapporteur serve`) in a real headless Chromium, driven by
// playwright-core, with axe-core accessibility checks of every main page. The Dutch flow also
// has a field user of the RSZ fill the indicator checklist, on a server given an invented shared
// secret (`serve --key-file`), so that the form asks for the person's identity.
//
// Builds nothing: the binary comes from RAPPORTEUR_BIN (default $CARGO_TARGET_DIR/debug/rapporteur,
// else <repo>/target/debug/rapporteur). Each flow gets its own temporary store, filled with the
// 2019-2020 returns by `rapporteur import`, and its own server on a free loopback port.
//
// The portal's words are read from crates/web/locales/<lang>/{portal,checklist}.ftl when the test
// runs, so a change of wording (or a translation) needs no change here — only a rebuilt binary,
// since the binary embeds the same files.
//
// Run: npm ci && node --test portal.test.mjs   (or `npm test`)
// Environment: RAPPORTEUR_BIN, CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (default
// $CARGO_TARGET_DIR/screenshots, else <repo>/target/screenshots).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');
const locales = path.resolve(here, '../../locales');
const seed = path.join(repo, 'data/be/2019-2020');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repo, 'target');
const BIN = process.env.RAPPORTEUR_BIN || path.join(targetDir, 'debug/rapporteur');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOTS || path.join(targetDir, 'screenshots');
const AXE = path.join(here, 'node_modules/axe-core/axe.min.js');

const CYCLE = '2019-2020';
const CUBE = 'police_thb_findings';
const SECTION = '11.1.1.1';
const PASSWORD = 'correct horse battery staple';
// Navigations in a debug build validate the whole cycle; typesetting the PDF takes a minute.
const STEP_TIMEOUT = 60_000;
const BUILD_TIMEOUT = 5 * 60_000;

// The indicator checklist: an invented shared secret for `serve --key-file` (a test value, never
// a real one), the RSZ's field user, and an obviously invented person, who must never show.
const TEST_SECRET = 'browser-test-only-shared-secret-not-a-real-one-0123456789\n';
const FIELD_USER = 'rsz.veld';
const PERSON = { family: 'Testerova-Imaginaria', given: 'Quintilla', birth: '1991-02-03' };

// The catalog's words (catalog/be): the cycle, the return, and the two codes whose cells matter.
const CATALOG = {
  nl: {
    cycle: 'Regeringsverslag 2019-2020',
    cube: 'Politionele vaststellingen mensenhandel',
    sexual: 'Seksuele uitbuiting',
    forcedCrime: 'Gedwongen plegen van misdrijven',
    // The checklist's choices, by the labels of their codes (catalog/be/codelists).
    checklist: {
      directorate: 'Antwerpen',
      sector: 'Bouw',
      sex: 'Vrouw',
      wage: 'Abnormaal laag loon',
      centres: ['PAG-ASA', 'Payoke', 'Sürya'],
      centre: 'Payoke',
      // The `identity` code list's label of a checklist saved without a birth date.
      noBirthDate: 'Geen geboortedatum',
    },
  },
  fr: {
    cycle: 'Rapport du gouvernement 2019-2020',
    cube: 'Constatations policières de traite des êtres humains',
    sexual: 'Exploitation sexuelle',
    forcedCrime: 'Contrainte à commettre des infractions',
  },
};

// ---------------------------------------------------------------------------------------------
// The portal's words, from its Fluent files.

/** Reads the simple messages of a Fluent file: `id = value` with indented continuation lines. */
function readFtl(file) {
  const messages = new Map();
  let id = null;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^(-?[A-Za-z][\w-]*)\s*=\s?(.*)$/.exec(line);
    if (m) {
      id = m[1];
      messages.set(id, m[2].trim());
    } else if (id && /^\s+\S/.test(line) && !/^\s+[.[*]/.test(line)) {
      const previous = messages.get(id);
      messages.set(id, previous ? `${previous} ${line.trim()}` : line.trim());
    } else if (!/^\s/.test(line)) {
      id = null;
    }
  }
  return messages;
}

/** The Fluent files of a language, as the binary embeds them (crates/web/src/i18n.rs). */
const FTL_FILES = ['portal.ftl', 'checklist.ftl'];

/** The words of one language: `t(id)` is a message's text, `t(id, {count: 3})` with values. */
function words(lang) {
  const messages = new Map(FTL_FILES.flatMap((file) => [...readFtl(path.join(locales, lang, file))]));
  const t = (id, args = {}) => {
    const text = messages.get(id);
    if (text === undefined) throw new Error(`locales/${lang}/{${FTL_FILES}} have no message ${id}`);
    return text.replace(/\{\s*([$-]?)([\w-]+)\s*\}/g, (whole, sigil, name) => {
      if (sigil === '$' && name in args) return String(args[name]);
      if (sigil === '-' && messages.has(`-${name}`)) return messages.get(`-${name}`);
      throw new Error(`locales/${lang}: ${id} needs ${whole}, which this test cannot fill`);
    });
  };
  t.lang = lang;
  return t;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches a text anywhere. */
const re = (text) => new RegExp(escape(text));
/** Matches a text exactly (whitespace-trimmed), for getByRole/getByText names. */
const exactly = (text) => new RegExp(`^\\s*${escape(text)}\\s*$`);

// ---------------------------------------------------------------------------------------------
// The store and the server.

function run(args, input) {
  const result = spawnSync(BIN, args, { input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `rapporteur ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A fresh store with the seed's returns and one coordinator, and a server on it; with
 * `keyFile`, the server holds the invented shared secret and pseudonymises checklists. */
async function startPortal(name, { keyFile = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rapporteur-browser-${name}-`));
  const store = path.join(dir, 'store.sqlite');
  const csvs = fs
    .readdirSync(seed, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'notes' && d.name !== 'narrative')
    .flatMap((d) =>
      fs
        .readdirSync(path.join(seed, d.name))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => path.join(seed, d.name, f)),
    )
    .sort();
  assert.ok(csvs.length > 20, `expected the seed's CSV returns under ${seed}, found ${csvs.length}`);
  run(['--store', store, 'import', ...csvs]);
  run(['--store', store, 'user', 'add', 'coord', '--role', 'coordinator', '--lang', 'nl'], `${PASSWORD}\n`);

  const secret = keyFile ? path.join(dir, 'shared-secret.key') : null;
  if (secret) fs.writeFileSync(secret, TEST_SECRET, { mode: 0o600 });

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(dir, 'serve.log'), 'w');
  const serveArgs = ['--store', store, 'serve', '--addr', `127.0.0.1:${port}`];
  if (secret) serveArgs.push('--key-file', secret);
  const server = spawn(BIN, serveArgs, { stdio: ['ignore', log, log] });
  let exited = null;
  server.on('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`rapporteur serve ${exited}:\n${serverLog(dir)}`);
    try {
      const response = await fetch(`${url}/login`);
      if (response.ok) {
        const csp = response.headers.get('content-security-policy') || '';
        assert.match(csp, /default-src 'none'/, 'the portal sends its Content-Security-Policy');
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`rapporteur serve did not answer on ${url} within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dir,
    secret,
    /** Stops the server; the store and its log are kept only when the flow failed. */
    stop(keep) {
      if (!exited) server.kill('SIGINT');
      fs.closeSync(log);
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => serverLog(dir),
  };
}

function serverLog(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'serve.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}

/** The seed's police return with the 2020 `sexual` data value 142 written as 124. */
function changedReturn(dir) {
  const source = fs.readFileSync(path.join(seed, 'police/police_thb_findings.csv'), 'utf8');
  const lines = source.split('\n');
  const at = lines.findIndex((l) => /^police_thb_findings,2020,sexual,142,\s*$/.test(l));
  assert.ok(at > 0, 'the seed has the data row police_thb_findings,2020,sexual,142');
  lines[at] = lines[at].replace(',142,', ',124,');
  const file = path.join(dir, 'police_thb_findings.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

// ---------------------------------------------------------------------------------------------
// The browser.

let browser;
const violations = [];

before(async () => {
  if (!fs.existsSync(BIN)) {
    throw new Error(`no rapporteur binary at ${BIN}: build it (cargo build -p rapporteur-cli) or set RAPPORTEUR_BIN`);
  }
  const built = fs.statSync(BIN).mtimeMs;
  for (const lang of ['nl', 'fr']) {
    for (const file of FTL_FILES) {
      const ftl = path.join(locales, lang, file);
      if (fs.statSync(ftl).mtimeMs > built) {
        console.warn(`warning: ${ftl} is newer than ${BIN}; the binary may show other words: rebuild it`);
      }
    }
  }
  fs.mkdirSync(SHOTS, { recursive: true });
  // launch() starts Chromium with a new, empty profile directory of its own (--user-data-dir).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A new browser context: the portal's strict CSP is bypassed only so that axe can be injected. */
async function newPage() {
  const context = await browser.newContext({
    bypassCSP: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    // Dutch first, as most of the portal's users ask: the French flow switches with the switcher.
    locale: 'nl-BE',
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  const page = await context.newPage();
  return page;
}

/** Where a page shows the portal's error page, its message; else null. */
async function errorShown(page, t) {
  // allTextContents does not wait: a page without the element answers at once.
  const heading = (await page.locator('h1').allTextContents())[0]?.trim() ?? '';
  if (heading.startsWith(t('error-title'))) {
    const message = (await page.locator('.problem').allTextContents()).join(' ').trim();
    return `${heading}: ${message}`;
  }
  return null;
}

/** Clicks `locator` and waits for the page it leads to; fails on an HTTP error or error page. */
async function clickAndLoad(page, t, locator, what, timeout = STEP_TIMEOUT) {
  const navigation = page.waitForNavigation({ timeout, waitUntil: 'load' });
  await locator.click({ timeout });
  const response = await navigation;
  const status = response?.status() ?? 0;
  const problem = await errorShown(page, t);
  if (status >= 400 || problem) {
    const problems = await page.locator('.problems li').allTextContents();
    throw new Error(
      `${what}: ${page.url()} answered ${status}${problem ? ` (${problem})` : ''}` +
        `${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`,
    );
  }
  return response;
}

async function goto(page, t, url, what) {
  const response = await page.goto(url, { waitUntil: 'load' });
  const problem = await errorShown(page, t);
  if (!response || response.status() >= 400 || problem) {
    throw new Error(`${what}: ${url} answered ${response?.status()}${problem ? ` (${problem})` : ''}`);
  }
}

async function expectFlash(page, text, what) {
  const flash = page.locator('p.flash');
  const shown = (await flash.count()) ? (await flash.textContent()).trim() : '(no message)';
  assert.equal(shown, text, `${what}: expected the message "${text}", the page shows "${shown}"`);
}

async function shot(page, name, options = {}) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, ...options });
  return file;
}

/** Runs axe on the page; remembers every serious or critical violation. */
async function checkAccessibility(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) {
    console.log(`  axe ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s))`);
  }
  if (result.length === 0) console.log(`  axe ${name}: no violations`);
  for (const v of bad) violations.push({ page: name, ...v });
  return bad;
}

function reportViolations(prefix) {
  const mine = violations.filter((v) => v.page.startsWith(prefix));
  const text = mine
    .map(
      (v) =>
        `${v.page}: [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n` +
        v.nodes.map((n) => `    at ${n.target}\n      ${n.summary?.replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
  assert.equal(mine.length, 0, `serious or critical accessibility violations:\n${text}`);
}

// ---------------------------------------------------------------------------------------------
// Steps of the flow.

async function login(page, t, portal, name) {
  await goto(page, t, `${portal.url}/login`, `${name}: the login page`);
  await page.getByLabel(t('login-name'), { exact: true }).fill(name);
  await page.getByLabel(t('login-password'), { exact: true }).fill(PASSWORD);
  await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('login-submit')) }), `${name} logs in`);
  if (page.url().endsWith('/login')) {
    const problem = await page.locator('.problem').allTextContents();
    assert.fail(`${name} could not log in: ${problem.join(' ') || 'the login page shows again'}`);
  }
}

async function logout(page, t) {
  await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('nav-logout')) }), 'log out');
  assert.ok(page.url().endsWith('/login'), `after logging out the login page shows, not ${page.url()}`);
}

/** From the start page to the cycle's board. */
async function openBoard(page, t, portal, words) {
  await goto(page, t, `${portal.url}/`, 'the start page');
  await clickAndLoad(page, t, page.getByRole('link', { name: exactly(words.cycle) }), 'the cycle from the start page');
  assert.equal(new URL(page.url()).pathname, `/cycles/${CYCLE}`);
}

/** The grid cell of one code and period, by its accessible name. */
function cell(page, code, period) {
  return page.getByRole('textbox', { name: `${code} – ${period}`, exact: true });
}

async function markerOf(page, input) {
  const td = input.locator('xpath=ancestor::td[1]');
  return td.locator('a.marker');
}

/** The person key `rapporteur pseudonymize` makes of the invented person under the portal's
 * secret: the portal's form must make the same, so that its checklists link with the files
 * pseudonymised at an actor's side. */
function expectedPersonKey(portal) {
  const input = path.join(portal.dir, 'identity.csv');
  const output = path.join(portal.dir, 'pseudonymised.csv');
  fs.writeFileSync(input, `family_name,given_names,birth_date\n${PERSON.family},${PERSON.given},${PERSON.birth}\n`);
  run(['--store', path.join(portal.dir, 'pseudonymize.sqlite'), 'pseudonymize', '--key-file', portal.secret, input, output]);
  const [header, row] = fs.readFileSync(output, 'utf8').trim().split(/\r?\n/);
  assert.equal(
    header,
    'person_key,person_encoding,identity',
    `pseudonymize keeps only the key, the encoding and how complete the identity was: ${header}`,
  );
  const [key, encoding, identity] = row.split(',');
  assert.equal(identity, 'complete', 'a name and a birth date make a complete identity');
  assert.match(key, /^[0-9a-f]{16,}$/, 'pseudonymize writes a hexadecimal person key');
  assert.match(
    encoding,
    /^e3:[0-9a-f]{16}:[0-9a-f]{256}:[0-9a-f]{256}:[0-9a-f]{256}:[0-9a-f-]{32}$/,
    'and the similarity encoding (identity filter, names filter, given-names filter, birth-date tokens)',
  );
  fs.rmSync(input);
  return key;
}

/** Every spelling of the invented person that must never reach a page. */
const personTexts = () => [
  PERSON.family,
  PERSON.given,
  ...PERSON.family.split('-'),
  PERSON.birth,
  PERSON.birth.split('-').reverse().join('/'),
];

function assertNoIdentity(html, where) {
  for (const text of personTexts()) {
    assert.ok(!html.toLowerCase().includes(text.toLowerCase()), `${where} shows "${text}" of the invented person`);
  }
}

/**
 * The RSZ's field user fills an indicator checklist: refused once (a birth date and a birth year
 * that disagree: the identity is asked again, the other fields are kept), then saved without a
 * birth date (accepted with a note: counted, no exact key), then another with the whole
 * identity; the list shows that one under the start of its person key, never by name.
 */
async function fillChecklist(page, t, portal, w, snap, step) {
  const lang = t.lang;
  const c = w.checklist;
  assert.ok(c, `CATALOG.${lang} has no checklist choices`);
  step('field user logs in and lands on the checklist form');
  await login(page, t, portal, FIELD_USER);
  assert.equal(new URL(page.url()).pathname, '/checklists/new', 'a field user lands on the checklist form');
  assert.equal((await page.locator('h1').textContent()).trim(), t('checklist-title'));
  const form = page.locator('form.checklist');
  const identity = form.getByRole('group', { name: t('checklist-identity'), exact: true });
  assert.equal(await identity.count(), 1, 'with --key-file the form asks for the identity');
  const family = identity.getByLabel(t('checklist-family-name'), { exact: true });
  const given = identity.getByLabel(t('checklist-given-names'), { exact: true });
  const birth = identity.getByLabel(t('checklist-birth-date'), { exact: true });
  const field = (id) => form.getByLabel(t(`checklist-field-${id}`), { exact: true });
  const filledOn = form.getByLabel(`${t('checklist-field-filled_on')} (${t('checklist-required')})`, { exact: true });
  const today = await filledOn.inputValue();
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/, 'the required date is filled in with today');
  const centres = (await field('referred_to').locator('option').allTextContents()).map((s) => s.trim());
  for (const centre of c.centres) {
    assert.ok(centres.includes(centre), `the referral list offers ${centre}: ${centres.join(', ')}`);
  }
  await snap('checklist');
  await checkAccessibility(page, `${lang} checklist`);
  await page.setViewportSize({ width: 820, height: 1180 });
  await snap('checklist-tablet');
  await page.setViewportSize({ width: 1280, height: 900 });

  step('field user gives a birth date and a birth year that disagree: refused');
  await field('directorate').selectOption({ label: c.directorate });
  await field('sector').selectOption({ label: c.sector });
  await field('sex').selectOption({ label: c.sex });
  await field('excessive_hours').selectOption({ label: t('value-yes') });
  await field('referred_to').selectOption({ label: c.centre });
  await form
    .getByRole('group', { name: t('checklist-field-wage'), exact: true })
    .getByLabel(c.wage, { exact: true })
    .check();
  const year = identity.getByLabel(t('checklist-birth-year'), { exact: true });
  await family.fill(PERSON.family);
  await given.fill(PERSON.given);
  await birth.fill(PERSON.birth);
  await year.fill(String(Number(PERSON.birth.slice(0, 4)) + 1));
  const save = form.getByRole('button', { name: exactly(t('checklist-save')) });
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await save.click();
  const refused = await navigation;
  assert.equal(refused?.status(), 422, 'a birth date and a birth year that disagree are refused (422)');
  assert.equal(new URL(page.url()).pathname, '/checklists');
  const alert = page.getByRole('alert');
  assert.match(await alert.textContent(), re(t('checklist-refused')), 'the refusal is announced');
  const disagrees = t('checklist-identity-birth-year-disagrees');
  assert.match(await alert.textContent(), re(disagrees), 'the refusal names the birth year');
  assert.equal((await page.locator('#identity-problem').textContent()).trim(), disagrees);
  for (const [input, what] of [[family, 'family name'], [given, 'given names'], [birth, 'birth date'], [year, 'birth year']]) {
    assert.equal(await input.inputValue(), '', `the ${what} is empty again after the refusal`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `the ${what} is marked invalid`);
  }
  const chosen = async (id) => (await field(id).locator('option:checked').textContent()).trim();
  assert.equal(await chosen('referred_to'), c.centre, 'the refused form keeps the referral');
  assert.equal(await chosen('directorate'), c.directorate, 'the refused form keeps the directorate');
  assertNoIdentity(await page.content(), 'the refused form');
  await snap('checklist-refused');
  await checkAccessibility(page, `${lang} checklist refused`);

  step('field user saves a name without a birth date: saved, with a note');
  await family.fill(PERSON.family);
  await given.fill(PERSON.given);
  await clickAndLoad(page, t, save, 'save the checklist without a birth date');
  await expectFlash(page, t('flash-checklist-saved-no-birth-date'), 'saving a checklist without a birth date');
  assert.equal(new URL(page.url()).pathname, '/checklists', 'after saving the list shows');
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 1, 'the checklist without a birth date is stored and listed');
  const partial = (await rows.first().locator('td').allTextContents()).map((s) => s.trim());
  assert.ok(partial.includes(c.noBirthDate), `the list says the birth date is unknown: ${partial.join(' | ')}`);
  assert.ok(partial.includes(t('checklist-no-person-key')), `no exact key without a birth date: ${partial.join(' | ')}`);
  await snap('checklist-no-birth-date');
  await checkAccessibility(page, `${lang} checklist saved without a birth date`);

  step('field user fills another checklist with the whole identity and saves');
  await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('checklist-new')) }), 'a new checklist');
  await field('directorate').selectOption({ label: c.directorate });
  await field('sector').selectOption({ label: c.sector });
  await field('sex').selectOption({ label: c.sex });
  await field('referred_to').selectOption({ label: c.centre });
  await family.fill(PERSON.family);
  await given.fill(PERSON.given);
  await birth.fill(PERSON.birth);
  await clickAndLoad(page, t, save, 'save the checklist');
  await expectFlash(page, t('flash-checklist-saved'), 'saving the checklist');
  assert.equal(new URL(page.url()).pathname, '/checklists', 'after saving the list shows');
  assert.equal((await page.locator('h1').textContent()).trim(), t('checklist-list-title'));
  assert.equal(await rows.count(), 2, 'the list shows both checklists');
  const row = rows.filter({ has: page.locator('td code') }).first();
  assert.match((await row.locator('th').textContent()).trim(), /^rsz-\w+$/, 'the reference starts with the actor');
  const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
  for (const value of [today, c.directorate, c.sector, c.sex, c.centre]) {
    assert.ok(cells.includes(value), `the list row shows "${value}": ${cells.join(' | ')}`);
  }
  const key = expectedPersonKey(portal);
  const shown = (await row.locator('td:last-child code').textContent()).trim();
  assert.equal(shown, `${key.slice(0, 8)}…`, 'the list shows the start of the person key that pseudonymize makes');
  const html = await page.content();
  assert.ok(!html.includes(key), 'the list never shows the whole person key');
  assertNoIdentity(html, 'the list of checklists');
  await snap('checklists');
  await checkAccessibility(page, `${lang} checklists`);
  await logout(page, t);
}

async function flow(lang, { switchLanguage, checklist = false }) {
  const t = words(lang);
  const w = CATALOG[lang];
  const shots = [];
  const portal = await startPortal(lang, { keyFile: checklist });
  const page = await newPage();
  const snap = async (name, options) => shots.push(await shot(page, `${lang}-${name}`, options));
  const started = Date.now();
  let failed = false;
  const step = (what) => console.log(`[${lang}] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
  try {
    // --- The coordinator opens the cycle, assigns the return and a section, creates accounts.
    step('coordinator logs in');
    await goto(page, t, `${portal.url}/login`, 'the login page');
    if (switchLanguage) {
      // Before logging in, the switcher changes only the anonymous session.
      await clickAndLoad(page, t, page.getByRole('button', { name: lang.toUpperCase(), exact: true }), 'switch language');
    }
    assert.equal(await page.locator('html').getAttribute('lang'), lang, 'the login page is in the chosen language');
    assert.equal((await page.locator('h1').textContent()).trim(), t('login-title'));
    await snap('login');
    await checkAccessibility(page, `${lang} login`);
    await login(page, t, portal, 'coord');
    if (switchLanguage) {
      // The coordinator's account says nl: the switcher in the header changes it for good.
      await clickAndLoad(page, words('nl'), page.getByRole('button', { name: lang.toUpperCase(), exact: true }), 'switch language');
    }
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `the start page is in ${lang}`);
    assert.equal((await page.locator('h1').textContent()).trim(), t('home-title'));

    step('coordinator opens the cycle');
    const cycleRow = page.getByRole('row').filter({ hasText: w.cycle });
    await clickAndLoad(page, t, cycleRow.getByRole('button', { name: exactly(t('home-open-cycle')) }), 'open the cycle');
    await expectFlash(page, t('flash-cycle-opened'), 'opening the cycle');
    await openBoard(page, t, portal, w);

    step('coordinator assigns the return and a section to the police');
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const cubeForm = page.locator('form').filter({ has: page.getByRole('button', { name: exactly(t('assign-submit-cube')) }) });
    await cubeForm.getByLabel(t('assign-cube'), { exact: true }).selectOption(CUBE);
    await cubeForm.getByLabel(t('assign-actor'), { exact: true }).selectOption('police');
    await cubeForm.getByLabel(t('assign-deadline'), { exact: true }).fill(deadline);
    await clickAndLoad(page, t, cubeForm.getByRole('button', { name: exactly(t('assign-submit-cube')) }), 'assign the return');
    await expectFlash(page, t('flash-assigned'), 'assigning the return');
    const sectionForm = page.locator('form').filter({ has: page.getByRole('button', { name: exactly(t('assign-submit-section')) }) });
    await sectionForm.getByLabel(t('assign-section'), { exact: true }).selectOption(SECTION);
    await sectionForm.getByLabel(t('assign-actor'), { exact: true }).selectOption('police');
    await sectionForm.getByLabel(t('assign-deadline'), { exact: true }).fill(deadline);
    await clickAndLoad(page, t, sectionForm.getByRole('button', { name: exactly(t('assign-submit-section')) }), 'assign the section');
    const line = page.getByRole('row').filter({ has: page.getByRole('link', { name: exactly(w.cube) }) });
    assert.equal(await line.count(), 1, `the board lists the return "${w.cube}" once`);
    assert.match(await line.textContent(), re(deadline), 'the board shows the deadline');
    assert.match(await line.textContent(), re(t('status-open')), 'the return is open');
    await snap('board');
    await checkAccessibility(page, `${lang} board`);

    step('coordinator reads the section text page');
    await clickAndLoad(page, t, page.locator('table.board').getByRole('link', { name: new RegExp(`^${escape(SECTION)} `) }), 'open the section text');
    await snap('text');
    await checkAccessibility(page, `${lang} text`);

    step(`coordinator creates a contributor and a reviewer${checklist ? ', and a field user of the RSZ' : ''}`);
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('nav-users')) }), 'the users page');
    const accounts = [['contrib', 'contributor', 'police'], ['review', 'reviewer', 'police']];
    if (checklist) accounts.push([FIELD_USER, 'field', 'rsz']);
    for (const [name, role, actor] of accounts) {
      const form = page.getByRole('region', { name: t('users-add') });
      await form.getByLabel(t('users-name'), { exact: true }).fill(name);
      await form.getByLabel(t('users-password'), { exact: true }).fill(PASSWORD);
      await form.getByLabel(t('users-role'), { exact: true }).selectOption(role);
      await form.getByLabel(t('users-actor'), { exact: true }).selectOption(actor);
      await form.getByLabel(t('users-language'), { exact: true }).selectOption(lang);
      await clickAndLoad(page, t, form.getByRole('button', { name: exactly(t('users-add-submit')) }), `create ${name}`);
      await expectFlash(page, t('flash-user-added'), `creating ${name}`);
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: name, exact: true }) });
      assert.match(await row.textContent(), re(t(`role-${role}`)), `${name} is listed as ${role}`);
    }
    await snap('users');
    await checkAccessibility(page, `${lang} users`);

    // The coordinator issues a token for the police's own system: its secret is shown once.
    step('coordinator issues an API token');
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('nav-tokens')) }), 'the API tokens page');
    const issue = page.getByRole('region', { name: t('tokens-issue') });
    await issue.getByLabel(t('tokens-label'), { exact: true }).fill(`police-ang-${lang}`);
    await issue.getByLabel(t('users-role'), { exact: true }).selectOption('contributor');
    await issue.getByLabel(t('users-actor'), { exact: true }).selectOption('police');
    await clickAndLoad(page, t, issue.getByRole('button', { name: exactly(t('tokens-issue-submit')) }), 'issue a token');
    const secret = await page.getByLabel(t('tokens-secret'), { exact: true }).inputValue();
    assert.match(secret, /^rap_[0-9a-f]{64}$/, 'the secret is shown once');
    await snap('api-tokens');
    await checkAccessibility(page, `${lang} API tokens`);

    // The exchange with the translation service, reached from the board.
    step('coordinator opens the translations page');
    await openBoard(page, t, portal, w);
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('board-translations')) }), 'the translations page');
    assert.equal(await page.getByRole('region', { name: t('translations-xliff-export') }).count(), 1, 'the XLIFF export form');
    assert.equal(await page.getByRole('region', { name: t('translations-xliff-import') }).count(), 1, 'the XLIFF import form');
    await snap('translations');
    await checkAccessibility(page, `${lang} translations`);
    await logout(page, t);

    // --- The contributor uploads a return with a wrong figure, sees it at the cell, fixes it.
    step('contributor logs in and opens the return from the board');
    await login(page, t, portal, 'contrib');
    await openBoard(page, t, portal, w);
    // The section's text page as its contributor sees it: with the Markdown editors.
    await clickAndLoad(page, t, page.locator('table.board').getByRole('link', { name: new RegExp(`^${escape(SECTION)} `) }), 'open the section text');
    assert.ok((await page.getByRole('textbox', { name: t('text-markdown'), exact: true }).count()) > 0, 'the contributor may edit the section text');
    await checkAccessibility(page, `${lang} text (contributor)`);
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('nav-board')) }), 'back to the board');
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(w.cube) }), 'open the return');
    assert.equal((await page.locator('h1').textContent()).trim(), w.cube);

    step('contributor uploads 124 where the text states 142');
    await page.getByLabel(t('return-file'), { exact: true }).setInputFiles(changedReturn(portal.dir));
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('return-upload-submit')) }), 'upload the return');
    await expectFlash(page, t('flash-saved'), 'uploading the return');
    const sexual2020 = cell(page, w.sexual, '2020');
    assert.equal(await sexual2020.inputValue(), '124', 'the grid shows the uploaded 124 at 2020 × sexual');
    assert.equal(await sexual2020.getAttribute('aria-invalid'), 'true', 'the cell 2020 × sexual is marked invalid');
    const markers = await markerOf(page, sexual2020);
    assert.ok((await markers.count()) >= 1, 'the cell 2020 × sexual has a marker linking to its finding');
    const describedBy = (await sexual2020.getAttribute('aria-describedby')) || '';
    const atCell = [];
    for (const href of await markers.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      assert.match(href, /^#finding-\d+$/, 'a marker links to a finding on the page');
      assert.ok(describedBy.includes(href.slice(1)), `the cell's aria-describedby names ${href.slice(1)}`);
      const finding = page.locator(href);
      assert.equal(await finding.count(), 1, `the finding ${href} exists`);
      // The finding's own words, without its explanation form.
      const text = await finding.evaluate((li) =>
        [...li.childNodes]
          .filter((n) => !(n instanceof HTMLFormElement))
          .map((n) => n.textContent)
          .join(' '),
      );
      atCell.push(text.replace(/\s+/g, ' ').trim());
    }
    for (const text of atCell) console.log(`[${lang}] finding at 2020 × sexual: ${text}`);
    assert.ok(
      atCell.some((text) => /\b142\b/.test(text) && /\b124\b/.test(text)),
      `a finding at 2020 × sexual sets the stated 142 against the uploaded 124; the cell's findings:\n  ${atCell.join('\n  ')}`,
    );
    await snap('return-finding');
    await checkAccessibility(page, `${lang} return`);
    await page.setViewportSize({ width: 820, height: 1180 });
    await snap('return-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    step('contributor types 142 in the grid and saves');
    await sexual2020.fill('142');
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('return-save')) }), 'save the grid');
    await expectFlash(page, t('flash-saved'), 'saving the grid');
    assert.equal(await sexual2020.inputValue(), '142');
    assert.equal(await sexual2020.getAttribute('aria-invalid'), null, 'the fixed cell is no longer marked');
    assert.equal(await (await markerOf(page, sexual2020)).count(), 0, 'the fixed cell has no marker');
    // The seed's own contradiction stays: 7 forced-crime findings in 2019 in the text, 9 in Table 2.
    assert.equal(await cell(page, w.forcedCrime, '2019').getAttribute('aria-invalid'), 'true', 'the seed contradiction at 2019 × forced crime remains');
    await snap('return-fixed');

    step('contributor explains the remaining findings');
    const unexplained = page.locator('ol.findings > li.finding:is(.error, .warning):not(:has(p.explanation))');
    let explained = 0;
    while ((await unexplained.count()) > 0) {
      assert.ok(explained < 20, 'explaining the findings does not end');
      const item = unexplained.first();
      const id = await item.getAttribute('id');
      await item.getByLabel(t('return-explain'), { exact: true }).fill(
        lang === 'fr'
          ? 'Le texte du rapport 2019-2020 dit 7, le tableau 2 imprime 9 ; le total 331 exige 9.'
          : 'De tekst van het verslag 2019-2020 zegt 7, tabel 2 drukt 9; het totaal 331 vraagt 9.',
      );
      await clickAndLoad(page, t, item.getByRole('button', { name: exactly(t('return-explain-submit')) }), `explain ${id}`);
      await expectFlash(page, t('flash-explained'), `explaining ${id}`);
      explained += 1;
    }
    assert.ok(explained >= 1, 'the seed contradiction (2019 forced crime 7 vs 9) needed an explanation');
    assert.ok((await page.locator('ol.findings > li.finding.error p.must-correct').count()) >= 1, 'an explained error still waits for the coordinator');
    await logout(page, t);

    // --- An explained error waits for the coordinator, who accepts it as it stands.
    step('coordinator accepts the explained error as it stands');
    await login(page, t, portal, 'coord');
    await openBoard(page, t, portal, w);
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(w.cube) }), 'open the return as coordinator');
    const acceptable = page.getByRole('button', { name: exactly(t('return-accept-submit')) });
    let accepted = 0;
    while ((await acceptable.count()) > 0) {
      assert.ok(accepted < 20, 'accepting the errors does not end');
      await clickAndLoad(page, t, acceptable.first(), 'accept an error as it stands');
      await expectFlash(page, t('flash-accepted'), 'accepting');
      accepted += 1;
    }
    assert.ok(accepted >= 1, 'the seed contradiction (2019 forced crime 7 vs 9) needed the coordinator');
    assert.equal(await page.locator('ol.findings > li.finding.error p.must-correct').count(), 0);
    await checkAccessibility(page, `${lang} return (coordinator)`);
    await logout(page, t);

    step('contributor submits');
    await login(page, t, portal, 'contrib');
    await openBoard(page, t, portal, w);
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(w.cube) }), 'open the return again');
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('action-submit')) }), 'submit the return');
    await expectFlash(page, t('flash-submitted'), 'submitting');
    assert.equal((await page.locator('p.meta .tag.status').textContent()).trim(), t('status-submitted'));
    await logout(page, t);

    // --- The reviewer approves.
    step('reviewer approves');
    await login(page, t, portal, 'review');
    await openBoard(page, t, portal, w);
    const reviewLine = page.getByRole('row').filter({ has: page.getByRole('link', { name: exactly(w.cube) }) });
    assert.match(await reviewLine.textContent(), re(t('status-submitted')));
    await clickAndLoad(page, t, reviewLine.getByRole('link', { name: exactly(t('action-review')) }), 'open the return to review');
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('action-approve')) }), 'approve');
    await expectFlash(page, t('flash-approved'), 'approving');
    assert.equal((await page.locator('p.meta .tag.status').textContent()).trim(), t('status-approved'));
    await logout(page, t);

    // --- The RSZ's field user fills an indicator checklist.
    if (checklist) await fillChecklist(page, t, portal, w, snap, step);

    // --- The coordinator builds the report and downloads the PDF.
    step('coordinator opens the report page');
    await login(page, t, portal, 'coord');
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await openBoard(page, t, portal, w);
    const approvedLine = page.getByRole('row').filter({ has: page.getByRole('link', { name: exactly(w.cube) }) });
    assert.match(await approvedLine.textContent(), re(t('status-approved')));
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('board-compile')) }), 'the report page');
    await page.getByRole('heading', { name: exactly(t('report-annex')) }).waitFor();
    await checkAccessibility(page, `${lang} report`);

    step('coordinator builds the report (typesetting the PDF takes a while in a debug build)');
    await page.getByLabel(t('report-language'), { exact: true }).selectOption(lang);
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('report-build-submit')) }), 'build the report', BUILD_TIMEOUT);
    await expectFlash(page, t('flash-built'), 'building the report');
    await snap('report');
    step('coordinator downloads the PDF');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'PDF', exact: true }).first().click();
    const pdfFile = path.join(portal.dir, `report.${lang}.pdf`);
    await (await download).saveAs(pdfFile);
    const pdf = fs.readFileSync(pdfFile);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF', 'the download is a PDF');
    assert.ok(pdf.length > 100_000, `the PDF has more than 100 kB (it has ${pdf.length} bytes)`);
    console.log(`[${lang}] PDF downloaded: ${pdf.length} bytes`);

    step('coordinator reads the audit log');
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('nav-audit')) }), 'the audit log');
    assert.ok((await page.locator('table.audit tbody tr').count()) > 0, 'the audit log lists entries');
    if (checklist) assertNoIdentity(await page.content(), 'the audit log');
    await snap('audit');
    await checkAccessibility(page, `${lang} audit`);

    step('coordinator links the records and reads the chain');
    await clickAndLoad(page, t, page.getByRole('link', { name: exactly(t('nav-chain')) }), 'the chain page');
    assert.equal((await page.locator('h1').textContent()).trim(), t('chain-title'));
    await clickAndLoad(page, t, page.getByRole('button', { name: exactly(t('chain-run')) }), 'the linkage');
    assert.equal(new URL(page.url()).pathname, '/linkage', 'the linkage comes back to the chain page');
    assert.ok((await page.locator('table').count()) >= 3, 'the chain page shows its three tables');
    if (checklist) assertNoIdentity(await page.content(), 'the chain page');
    await snap('chain');
    await checkAccessibility(page, `${lang} chain`);
    step('done');
  } catch (error) {
    const file = await shot(page, `${lang}-FAILED`).catch(() => null);
    error.message +=
      `\n  page: ${page.url()}${file ? `\n  screenshot: ${file}` : ''}` +
      `\n  store and server log kept in ${portal.dir}\n  server log (end):\n${portal.log()}`;
    failed = true;
    throw error;
  } finally {
    await page.context().close();
    portal.stop(failed);
  }
  console.log(`[${lang}] screenshots:\n  ${shots.join('\n  ')}`);
  reportViolations(`${lang} `);
}

test('the portal in Dutch: upload, finding at the cell, fix, explain, submit, approve, indicator checklist, build, download', { timeout: 15 * 60_000 }, async () => {
  await flow('nl', { switchLanguage: false, checklist: true });
});

test('the portal in French, chosen with the language switcher', { timeout: 15 * 60_000 }, async () => {
  await flow('fr', { switchLanguage: true });
});
