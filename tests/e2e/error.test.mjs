// Journey: the Error analyzer on the release build: an error page, a redirect URL, copying an ID, a huge log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, openPage, analysisReady } from './harness.mjs';

const CORRELATION = '5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const PAGE = `Sign in
Sorry, but we're having trouble signing you in.

AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso' and cannot access the application '2793995e-0a7d-40d7-bd35-6968ba142197'(My Apps) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.

Troubleshooting details
Request Id: 0c8b7a31-8b20-4c4d-9a57-7f0b2e3d1a00
Correlation Id: ${CORRELATION}
Timestamp: 2024-05-01T10:20:30Z
`;
const REDIRECT = 'https://app.fabrikam.example/signin-oidc?error=consent_required&error_description='
  + encodeURIComponent("AADSTS65001: The user or administrator has not consented to use the application with ID '11112222-3333-4444-5555-666677778888' named 'Fabrikam Portal'.\r\nTrace ID: 2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9\r\nCorrelation ID: 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a")
  + '&state=12345';

let site, browser;
before(async () => { site = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test('paste an error page and a redirect URL, see the failures and the guest fix, copy an ID', async () => {
  const { page, context, audit } = await openPage(browser, site, {
    hash: '#error', permissions: ['clipboard-read', 'clipboard-write'],
  });
  // Hidden panels of other tabs may stay mounted: look only at the visible one.
  const panel = page.getByRole('tabpanel');
  assert.match(await panel.locator('.intro').innerText(), /redirect URL/);

  await page.locator('#error-input').fill(PAGE);
  const card = panel.locator('.failure');
  await card.first().waitFor();
  assert.equal(await card.count(), 1);
  assert.equal(await panel.getByRole('status').innerText(), '1 failure: AADSTS50020 (UserUnauthorized)');
  assert.match(await card.locator('h3').innerText(), /AADSTS50020\s+UserUnauthorized/);
  assert.equal(await card.locator('.passage mark', { hasText: 'ann@partner.example' }).count(), 1);
  const guest = card.locator('ol.steps li').first();
  assert.ok(await guest.isVisible());
  assert.match(await guest.innerText(), /^Guest: Sign out everywhere/);
  assert.ok(await card.getByRole('link', { name: 'Commands tab' }).isVisible());

  await card.getByRole('button', { name: 'Copy correlation ID' }).click();
  await card.getByRole('button', { name: 'Copy correlation ID' }).filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), CORRELATION);

  await page.locator('#error-input').fill(REDIRECT);
  await panel.getByRole('status').filter({ hasText: 'AADSTS65001' }).waitFor();
  assert.match(await card.locator('.passage').innerText(), /^The user or administrator has not consented .* named 'Fabrikam Portal'\./);
  assert.match((await card.locator('.facts').allInnerTexts()).join('\n'), /consent_required/);

  // The lookup link opens Microsoft's page; the page itself never fetches it.
  const lookup = card.getByRole('link', { name: /Microsoft's page for AADSTS65001/ });
  assert.equal(await lookup.getAttribute('href'), 'https://login.microsoftonline.com/error?code=65001');
  assert.equal(await lookup.getAttribute('rel'), 'noopener noreferrer');

  // The Commands link switches tabs.
  await card.getByRole('link', { name: 'Commands tab' }).click();
  await page.locator('#tab-commands[aria-selected=true]').waitFor();

  const { foreign, problems } = audit();
  assert.deepEqual(foreign, [], 'the page asked for something other than its own files');
  assert.deepEqual(problems, [], 'errors or CSP violations on the page');
  await context.close();
});

test('a 10 MB log stays responsive: cards capped, every failure counted', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#error' });
  // The text is set in the box a frame before its input event (below): a re-render in between,
  // such as the analysis part's arrival, would set the box back to the app's text first.
  await analysisReady(page);
  const { ms, failures } = await page.evaluate(async () => {
    const lines = [];
    let size = 0;
    let failures = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const filler = `2024-05-01 10:00:00 INFO request ${i} served in 12 ms by worker ${i % 16} for a user of tenant fabrikam.example\n`;
      if (i % 100 === 0) failures++;
      const line = i % 100 === 0
        ? `2024-05-01 10:00:00 ERROR AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: 11111111-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}\n`
        : filler;
      lines.push(line);
      size += line.length;
    }
    const area = document.getElementById('error-input');
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    // Chromium alone needs seconds to lay out 10 MB in a textarea, as it does when one pastes
    // that much; time only what the page does with the text.
    area.value = lines.join('');
    await frame();
    const t0 = performance.now();
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await frame();
    return { ms: performance.now() - t0, failures };
  });
  const panel = page.getByRole('tabpanel');
  await panel.locator('.more').waitFor();
  // Cards are built ten per task (so no task holds the page long), up to the cap of 50.
  await page.waitForFunction(() => document.querySelectorAll('#panel-error .failure').length >= 50);
  assert.equal(await panel.locator('.failure').count(), 50);
  const summary = await panel.getByRole('status').innerText();
  const total = Number(summary.match(/^(\d+) failures/)?.[1]);
  assert.equal(total, failures, summary);
  assert.equal(await panel.locator('.more').innerText(), `${total - 50} more failures not shown; the first 50 are above.`);
  assert.ok(ms < 5000, `analysis and rendering took ${ms} ms`);
  console.log(`10 MB log: ${total} failures, analysed and rendered in ${Math.round(ms)} ms`);
  assert.deepEqual(audit().foreign, []);
  assert.deepEqual(audit().problems, []);
  await context.close();
});

/** A browser's HAR export of a failed token request: the error JSON sits escaped inside it. */
function har() {
  const body = JSON.stringify({
    error: 'invalid_grant',
    error_description: "AADSTS50020: User account 'ann@partner.example' from identity provider 'live.com' does not exist in tenant 'Contoso'.\r\nTrace ID: 2a3b4c5d-6e7f-4081-9293-a4b5c6d7e8f9\r\nCorrelation ID: 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
    error_codes: [50020],
  });
  return JSON.stringify({ log: { version: '1.2', entries: [{
    request: { method: 'POST', url: 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token' },
    response: { status: 400, content: { mimeType: 'application/json', text: body } },
  }] } }, null, 2);
}

test('open a HAR file, see the box light up under a dragged file, and have a huge file refused', async () => {
  const { page, context, audit } = await openPage(browser, site, { hash: '#error' });
  const panel = page.getByRole('tabpanel');
  const text = har();
  await page.locator('#error-file').setInputFiles({ name: 'signin.har', mimeType: 'application/json', buffer: Buffer.from(text) });
  await panel.locator('.failure').first().waitFor();
  assert.equal(await panel.getByRole('status').innerText(), '1 failure: AADSTS50020 (UserUnauthorized)');
  assert.equal(await page.locator('#error-input').inputValue(), text);

  const drag = (type) => page.evaluate((t) => {
    document.querySelector('#error-input')
      .dispatchEvent(new DragEvent(t, { dataTransfer: new DataTransfer(), bubbles: true, cancelable: true }));
  }, type);
  const zone = panel.locator('.drop');
  await drag('dragenter');
  await page.waitForFunction(() => document.querySelector('#panel-error .drop').classList.contains('dragging'));
  await drag('dragleave');
  await page.waitForFunction(() => !document.querySelector('#panel-error .drop').classList.contains('dragging'));
  assert.doesNotMatch(await zone.getAttribute('class'), /dragging/);

  const huge = Buffer.alloc(16 * 1024 * 1024 + 1, 'a');
  await page.locator('#error-file').setInputFiles({ name: 'huge.log', mimeType: 'text/plain', buffer: huge });
  const problem = panel.locator('.file-problem');
  await problem.waitFor();
  assert.equal(await problem.innerText(),
    'huge.log is 16,777,217 bytes; GuestLens opens files up to 16,777,216 bytes. Nothing was read.');
  assert.equal(await page.locator('#error-input').inputValue(), text, 'the box keeps what it had');
  await page.locator('#error-input').fill('AADSTS50020');
  await problem.waitFor({ state: 'detached' });

  assert.deepEqual(audit().foreign, []);
  assert.deepEqual(audit().problems, []);
  await context.close();
});
