// Lighthouse on reader pages in one browser: a navigation step per page (SEO,
// accessibility, best practices), so Node loads Lighthouse once and Chromium starts once
// instead of once per page.
// node bench/page_audit.mjs <URLs as JSON> → one JSON line per page, in their order.
// Run by bench/lighthouse.py (the environment: bench/flow.mjs).
import { launch, printSteps, startFlow } from './flow.mjs';

const urls = JSON.parse(process.argv[2]);
const settings = { onlyCategories: ['seo', 'accessibility', 'best-practices'] };
const browser = await launch();
try {
  const flow = await startFlow(await browser.newPage(), { config: { extends: 'lighthouse:default', settings } });
  for (const url of urls) await flow.navigate(url, { name: url });
  await printSteps(flow);
} finally {
  await browser.close();
}
