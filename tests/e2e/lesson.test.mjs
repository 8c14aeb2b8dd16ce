// The lesson journey on the release build: every step by button and keyboard, the hash that
// follows, and the printed handout (A4 and Letter) read back with pdftotext; with the request audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serveDist, launch, openPage, paste, assertClean } from './harness.mjs';

const run = promisify(execFile);
let site, browser, dir;
before(async () => {
  site = await serveDist();
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'guestlens-lesson-'));
});
after(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Written here from the list, not read from the code, so a renamed step is noticed.
const STEPS = [
  { title: 'A member and a guest from another Entra tenant', person: 'Different people' },
  { title: 'The same guest at home and in the resource tenant', person: 'Same person' },
  { title: 'A guest with a personal Microsoft account', person: 'Different people' },
  { title: 'A guest with an email one-time passcode', person: 'Different people' },
  { title: 'v1 and v2 tokens of the same guest', person: 'Same person' },
];


/** Checks that step `i` (from 0) is the one shown, with its title, verdict and hash. */
async function shows(page, i) {
  const n = i + 1;
  const step = page.locator('.lesson-step.current');
  assert.equal(await step.count(), 1, 'exactly one step is shown');
  assert.equal(await step.getAttribute('id'), `lesson-${n}`);
  assert.equal(await step.locator('h3').innerText(), `Step ${n} of 5: ${STEPS[i].title}`);
  assert.equal(await page.locator(`#lesson-${n}-compare-person`).innerText(), STEPS[i].person);
  assert.equal(await page.locator('.lesson-pos').innerText(), `Step ${n} of 5`);
  // The hash names the step and nothing else: nothing pasted or derived ever goes there.
  assert.equal(await page.evaluate(() => location.hash), `#lesson-${n}`);
  assert.equal(await page.locator('.lesson-steps [aria-current=step]').innerText(), STEPS[i].title);
}

/** Prints the page to PDF in `format` and returns its text, one string per page, and its size. */
async function printed(page, format) {
  const file = join(dir, `lesson-${format}.pdf`);
  await writeFile(file, await page.pdf({ format }));
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
  const { stdout: info } = await run('pdfinfo', [file]);
  const pages = text.split('\f').map((p) => p.replace(/\s+/g, ' '));
  return { pages, info };
}

test('the lesson: five steps by button and keyboard, the hash follows, and it prints on A4 and Letter', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#lesson-1' });
  assert.equal(await page.locator('[aria-selected=true]').innerText(), 'Learn');
  // The lesson is in the analysis part, asked for as the view opens.
  await page.locator('.lesson-step.current').waitFor();
  await shows(page, 0);
  assert.equal(await page.locator('.lesson-prev').isDisabled(), true);

  // Odd steps by mouse, even steps by keyboard (Enter, then Space) on the focused Next button.
  const keys = ['Enter', 'Space'];
  for (let i = 1; i < STEPS.length; i++) {
    const next = page.locator('.lesson-next');
    if (i % 2 === 1) {
      await next.click();
    } else {
      await next.focus();
      await page.keyboard.press(keys[(i / 2 - 1) % 2]);
    }
    await shows(page, i);
    // Focus moves to the new step's heading, so a screen reader announces it.
    assert.equal(await page.evaluate(() => document.activeElement?.id), `lesson-${i + 1}-title`);
  }
  assert.equal(await page.locator('.lesson-next').isDisabled(), true, 'no step after the last');

  // Back one step by keyboard, then a step's deep link opens it.
  await page.locator('.lesson-prev').focus();
  await page.keyboard.press('Enter');
  await shows(page, 3);
  await page.locator('.lesson-steps a', { hasText: STEPS[1].title }).click();
  await shows(page, 1);

  // Page sizes in points: A4 is 210 × 297 mm, Letter 8.5 × 11 in.
  for (const [format, w, h] of [['A4', 595.3, 841.9], ['Letter', 612, 792]]) {
    const { pages, info } = await printed(page, format);
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+)/);
    assert.ok(size, info);
    assert.ok(Math.abs(size[1] - w) < 2 && Math.abs(size[2] - h) < 2, `${format} page size: ${size[0]}`);
    const all = pages.join(' ');
    assert.ok(all.includes('How a guest token works'), `${format}: the lesson title`);
    // Every step prints, not only the one on screen, each title once (the step list and the
    // buttons are not printed), and each on a page after the one before.
    let last = -1;
    for (const [i, s] of STEPS.entries()) {
      assert.equal(all.split(s.title).length - 1, 1, `${format}: "${s.title}" once`);
      const at = pages.findIndex((p) => p.includes(`Step ${i + 1} of 5: ${s.title}`));
      assert.ok(at > last, `${format}: step ${i + 1} on its own later page (${at} after ${last})`);
      last = at;
    }
    assert.ok(!/\bPrevious\b|\bNext\b/.test(all), `${format}: the lesson's buttons are not printed`);
    assert.ok(all.includes('made-up sample'), `${format}: the sample note prints`);
  }
  assertClean(audit);
  await context.close();
});


/** A sample token generated in the page, re-signed with other filler so it counts as pasted data. */
async function sampleToken(page, label) {
  await page.locator('#tab-token').click();
  await page.getByRole('button', { name: label }).click();
  const token = await page.locator('#token-input').inputValue();
  await page.locator('#token-input').fill('');
  return token.replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
}

test('two token sources of the case are compared in the Token view, and the pick can change', async () => {
  const { page, context, audit } = await openPage(browser, site);
  const member = await sampleToken(page, 'Member (v2)');
  const v1 = await sampleToken(page, 'Guest from another Entra tenant (v1)');
  const v2 = await sampleToken(page, 'Guest from another Entra tenant (v2)');
  await page.locator('#tab-case').click();
  // One token source: nothing to compare yet.
  await paste(page, v1);
  // Each source is added in the task after its paste event: wait for its card.
  await page.locator('.case-sources .source').first().waitFor();
  await page.locator('#tab-token').click();
  assert.equal(await page.locator('.compare-sources').count(), 0);
  await page.locator('#tab-case').click();
  await paste(page, v2);
  await paste(page, member);
  await page.locator('.case-sources .source').nth(2).waitFor();
  assert.equal(await page.locator('.case-sources .source').count(), 3);
  await page.locator('#tab-token').click();
  const block = page.locator('.compare-sources');
  assert.equal(await block.locator('h3').innerText(), 'Compare two tokens');
  assert.equal(await block.locator('#compare-src-a option').count(), 3);
  // The first two, Sam's v1 and v2 tokens: one person.
  assert.equal(await page.locator('#compare-sources-person').innerText(), 'Same person');
  await page.locator('#compare-src-b').selectOption({ index: 2 });
  assert.equal(await page.locator('#compare-sources-person').innerText(), 'Different people');
  // The hash names the view only; no token text goes there.
  assert.equal(await page.evaluate(() => location.hash), '#token');
  assertClean(audit);
  await context.close();
});
