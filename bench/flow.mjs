// What bench/page_audit.mjs and bench/desk_audit.mjs share: Lighthouse and its puppeteer
// from LIGHTHOUSE_MODULES, Chromium from CHROME_PATH with CHROME_FLAGS, and a flow's steps
// printed as one JSON line each ({name, scores, failing}).
import { pathToFileURL } from 'node:url';

const load = (path) => import(pathToFileURL(`${process.env.LIGHTHOUSE_MODULES}/${path}`).href);
const { default: puppeteer } = await load('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js');
export const { startFlow } = await load('lighthouse/core/index.js');

export const launch = () =>
  puppeteer.launch({
    executablePath: process.env.CHROME_PATH,
    headless: true,
    args: process.env.CHROME_FLAGS.split(' '),
  });

export async function printSteps(flow) {
  for (const step of (await flow.createFlowResult()).steps) {
    const { categories, audits } = step.lhr;
    const scores = Object.fromEntries(Object.entries(categories).map(([name, c]) => [name, Math.round(c.score * 100)]));
    const failing = Object.values(audits)
      .filter((audit) => audit.score !== null && audit.score < 1 && ['binary', 'numeric'].includes(audit.scoreDisplayMode))
      .map((audit) => `${audit.id}: ${audit.title}`);
    console.log(JSON.stringify({ name: step.name, scores, failing }));
  }
}
