// Lighthouse on each desk screen, signed in: one browser per language signs in at the local
// OpenID Connect provider (as `all`, who sees every screen), picks the desk's language, then
// takes a Lighthouse snapshot of each screen (the desk's screens are routes of one page, so
// snapshot mode audits what a user sees after navigating to it).
// node bench/desk_audit.mjs <site> <routes as JSON> → one JSON line per screen and language.
// Run by bench/lighthouse.py (the environment: bench/flow.mjs).
import { launch, printSteps, startFlow } from './flow.mjs';

const [site, routesJson] = process.argv.slice(2);
const routes = JSON.parse(routesJson);
const settings = { onlyCategories: ['accessibility', 'best-practices'] };

for (const lang of ['de', 'tr', 'en']) {
  const browser = await launch();
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
    await printSteps(flow);
  } finally {
    await browser.close();
  }
}
