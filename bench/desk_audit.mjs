// Lighthouse on each desk screen, signed in: one browser per language signs in at the local
// OpenID Connect provider (as `all`, who sees every screen), picks the desk's language, then
// takes a Lighthouse snapshot of each screen (the desk's screens are routes of one page, so
// snapshot mode audits what a user sees after navigating to it).
// node bench/desk_audit.mjs <site> <routes as JSON> → one JSON line per screen and language.
// Run by bench/lighthouse.py, with LIGHTHOUSE_MODULES (Lighthouse's node_modules),
// CHROME_PATH and CHROME_FLAGS set.
import { pathToFileURL } from 'node:url';

const modules = process.env.LIGHTHOUSE_MODULES;
const load = (path) => import(pathToFileURL(`${modules}/${path}`).href);
const { default: puppeteer } = await load('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js');
const { startFlow } = await load('lighthouse/core/index.js');

const [site, routesJson] = process.argv.slice(2);
const routes = JSON.parse(routesJson);
const settings = { onlyCategories: ['accessibility', 'best-practices'] };

for (const lang of ['de', 'tr', 'en']) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH,
    headless: true,
    args: process.env.CHROME_FLAGS.split(' '),
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${site}/desk/`);
    await page.waitForSelector('#username');
    await page.type('#username', 'all');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.waitForSelector('main h1');
    await page.select('#desk-lang', lang);
    await page.waitForFunction((wanted) => document.documentElement.lang === wanted, {}, lang);
    const flow = await startFlow(page, { config: { extends: 'lighthouse:default', settings } });
    for (const route of routes) {
      await page.evaluate(
        (hash) =>
          new Promise((routed) => {
            document.addEventListener('desk:routed', routed, { once: true });
            location.hash = hash;
          }),
        route,
      );
      await page.waitForNetworkIdle({ idleTime: 500 });
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      await flow.snapshot({ name: `${lang} ${route}` });
    }
    for (const step of (await flow.createFlowResult()).steps) {
      const { categories, audits } = step.lhr;
      const scores = Object.fromEntries(Object.entries(categories).map(([name, c]) => [name, Math.round(c.score * 100)]));
      const failing = Object.values(audits)
        .filter((audit) => audit.score !== null && audit.score < 1 && ['binary', 'numeric'].includes(audit.scoreDisplayMode))
        .map((audit) => audit.title);
      console.log(JSON.stringify({ screen: step.name, scores, failing }));
    }
  } finally {
    await browser.close();
  }
}
