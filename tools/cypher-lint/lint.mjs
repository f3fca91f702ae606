// Lint Cypher statements with Neo4j's own parser and semantic analysis
// (@neo4j-cypher/language-support, pinned in package.json).
//
// stdin:  a JSON array of {"name", "text"}, or {"schema": DbSchema, "statements": [{"name", "text"}]}
// stdout: a JSON array of {"name", "severity": "error"|"warning", "message", "line", "column", "offset"}
// exit:   0 when no statement has an error, 1 when one has, 2 on bad input.
import { isNotParamError, lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function readStdin() {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { data += chunk; });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

let input;
try {
  input = JSON.parse(await readStdin());
} catch (err) {
  process.stderr.write(`cypher-lint: stdin is not JSON: ${err.message}\n`);
  process.exit(2);
}
const statements = Array.isArray(input) ? input : input.statements;
const schema = (!Array.isArray(input) && input.schema) || {};
if (!Array.isArray(statements)) {
  process.stderr.write('cypher-lint: expected an array of {name, text}\n');
  process.exit(2);
}

const out = [];
for (const { name, text } of statements) {
  const { diagnostics } = lintCypherQuery(text, schema, { consoleCommandsEnabled: false });
  // $parameters are bound by the driver at run time, so "Parameter $x is not defined" is noise.
  for (const d of diagnostics.filter(isNotParamError)) {
    out.push({
      name,
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      offset: d.offsets?.start ?? null,
    });
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
process.exit(out.some((d) => d.severity === 'error') ? 1 : 0);
