// `tailgate openapi` (built from the declared routes) must print a valid
// OpenAPI 3.1 document: it is validated against the specification's schema
// by @seriousme/openapi-schema-validator, then checked for what a schema
// cannot say (unique operationIds, every path template's parameters declared,
// a summary on every operation). The command itself exits 1, naming the
// route, when a JSON route has no summary or is missing from the document.
// TAILGATE_BIN names the binary (build/tailgate by default).
// Prints "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = process.env.TAILGATE_BIN || `${root}/build/tailgate`;

let passed = 0;
let failed = 0;
function check(ok, name, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}${detail ? `\n    ${detail}` : ''}`);
  }
}

const run = spawnSync(bin, ['openapi'], { encoding: 'utf8', maxBuffer: 64 << 20 });
check(run.status === 0, 'tailgate openapi exits 0', (run.stderr || String(run.error)).trim());
let doc = null;
try {
  doc = JSON.parse(run.stdout);
} catch (e) {
  check(false, 'tailgate openapi prints JSON', e.message);
}

if (doc) {
  const validator = new Validator();
  const res = await validator.validate(doc);
  check(res.valid && validator.version === '3.1', 'the document is valid OpenAPI 3.1',
    JSON.stringify(res.errors, null, 1)?.slice(0, 2000));

  const ops = [];
  for (const [path, item] of Object.entries(doc.paths || {}))
    for (const m of ['get', 'head', 'post', 'put', 'patch', 'delete'])
      if (item[m]) ops.push({ path, m, op: item[m] });
  check(ops.length > 0, `the document describes operations (${ops.length})`);

  const ids = new Map();
  const dup = [];
  for (const { path, m, op } of ops) {
    if (ids.has(op.operationId)) dup.push(op.operationId);
    ids.set(op.operationId, `${m} ${path}`);
  }
  check(dup.length === 0 && !ids.has(undefined), 'every operation has its own operationId',
    dup.join(', '));

  const noSummary = ops.filter(({ op }) => !op.summary).map(({ path, m }) => `${m} ${path}`);
  check(noSummary.length === 0, 'every operation has a summary', noSummary.join(', '));

  const bad = [];
  for (const { path, m, op } of ops) {
    const want = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]).sort();
    const have = (op.parameters || []).filter((p) => p.in === 'path').map((p) => p.name).sort();
    if (want.join() !== have.join()) bad.push(`${m} ${path}: [${have}]`);
  }
  check(bad.length === 0, "every path template's parameters are declared", bad.join('; '));

  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) || [];
  const dangling = refs.map((r) => r.slice(8, -1)).filter((r) => {
    let at = doc;
    for (const k of r.replace(/^#\//, '').split('/')) at = at?.[k];
    return at === undefined;
  });
  check(dangling.length === 0, 'every $ref resolves', dangling.join(', '));

  const bet = doc.paths?.['/social/bets']?.post;
  check(bet?.operationId === 'api_bet_place' &&
    bet.requestBody?.content?.['application/json']?.schema?.required?.includes('stake') &&
    bet.responses?.['422']?.$ref === '#/components/responses/ValidationFailed' &&
    JSON.stringify(bet.security) === '[{"session":[],"csrf":[]}]',
  'a declared route reads as declared (POST /social/bets)', JSON.stringify(bet)?.slice(0, 500));
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
