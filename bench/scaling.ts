import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { kafkaScript, ROOT } from '../test/support/env';
import { machine, RunResult, runShopsync } from './pipeline';
import { round, runMain } from './stats';

// npm run bench:scaling — pipeline throughput with 1, 2 and 4 workers (500 keys), and with 1,
// 50 and 500 keys (1 worker) on 12 partitions: key-level concurrency beyond the partition count.
// Writes bench/results/scaling.json and a PNG chart (rendered by the machine's Chromium).
const JOBS = Number(process.env.BENCH_JOBS ?? 10000);
// Requests per HTTP call (POST /v1/syncs), so the gateway is not what is measured.
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1000);

function bars(
  title: string,
  rows: Array<{ label: string; value: number }>,
  x: number,
  width: number,
): string {
  const max = Math.max(...rows.map((r) => r.value), 1);
  const barW = width / rows.length - 30;
  return [
    `<text x="${x + width / 2}" y="30" text-anchor="middle" font-size="16" font-weight="600">${title}</text>`,
    ...rows.map((r, i) => {
      const h = (r.value / max) * 260;
      const bx = x + 15 + i * (barW + 30);
      return (
        `<rect x="${bx}" y="${320 - h}" width="${barW}" height="${h}" fill="#2f6fdf"/>` +
        `<text x="${bx + barW / 2}" y="${312 - h}" text-anchor="middle" font-size="13">${round(r.value)}</text>` +
        `<text x="${bx + barW / 2}" y="342" text-anchor="middle" font-size="13">${r.label}</text>`
      );
    }),
  ].join('\n');
}

async function main(): Promise<void> {
  process.stdout.write(`${kafkaScript(['start']).trim()}\n`);
  const byWorkers: RunResult[] = [];
  for (const workers of [1, 2, 4]) {
    byWorkers.push(
      await runShopsync({
        jobs: JOBS,
        keys: 500,
        workers,
        width: 64,
        rate: 0,
        batch: BATCH,
        warmup: WARMUP,
      }),
    );
    process.stdout.write(
      `workers=${workers}: ${round(byWorkers[byWorkers.length - 1].jobsPerSecond)} jobs/s\n`,
    );
  }
  const byKeys: RunResult[] = [];
  for (const keys of [1, 50, 500]) {
    byKeys.push(
      await runShopsync({
        jobs: keys === 1 ? Math.min(JOBS, 1000) : JOBS,
        keys,
        workers: 1,
        width: 64,
        rate: 0,
        batch: BATCH,
        warmup: keys === 1 ? 0 : WARMUP,
      }),
    );
    process.stdout.write(
      `keys=${keys}: ${round(byKeys[byKeys.length - 1].jobsPerSecond)} jobs/s\n`,
    );
  }
  const table = [
    '| run | jobs | keys | workers | jobs/s | start p50 / p99 ms | per-key order |',
    '|---|---|---|---|---|---|---|',
    ...[...byWorkers, ...byKeys].map(
      (r) =>
        `| ${r.workers} worker(s), ${r.keys} keys | ${r.jobs} | ${r.keys} | ${r.workers} | ${round(r.jobsPerSecond)} | ${round(r.requestToStartMs.p50)} / ${round(r.requestToStartMs.p99)} | ${r.orderedPerKey ? 'kept' : 'BROKEN'} |`,
    ),
  ].join('\n');
  process.stdout.write(`\n${table}\n`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'scaling.json'),
    JSON.stringify(
      { at: new Date().toISOString(), machine: machine(), jobs: JOBS, byWorkers, byKeys },
      null,
      2,
    ),
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="380" font-family="sans-serif">
    <rect width="900" height="380" fill="#fff"/>
    ${bars(
      'jobs/s by workers (500 keys)',
      byWorkers.map((r) => ({
        label: `${r.workers} worker${r.workers > 1 ? 's' : ''}`,
        value: r.jobsPerSecond,
      })),
      20,
      420,
    )}
    ${bars(
      'jobs/s by keys (1 worker, 12 partitions)',
      byKeys.map((r) => ({
        label: `${r.keys} key${r.keys > 1 ? 's' : ''}`,
        value: r.jobsPerSecond,
      })),
      460,
      420,
    )}
  </svg>`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 380 } });
  await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
  await page.screenshot({ path: join(dir, 'scaling.png') });
  await browser.close();
  process.stdout.write(`written to ${join(dir, 'scaling.json')} and scaling.png\n`);
}

runMain(main);
