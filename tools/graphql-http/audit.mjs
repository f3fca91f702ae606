// The GraphQL over HTTP spec's server audit (graphql-http) against a running jbnet: node audit.mjs URL
// Prints one JSON line per audit ({id, name, status, reason}); exits 1 on any error or warning.
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs http://127.0.0.1:PORT/graphql");
  process.exit(2);
}
const results = await auditServer({ url });
let bad = 0;
for (const r of results) {
  const reason = r.status === "ok" ? "" : r.reason;
  if (r.status === "error" || r.status === "warn") bad += 1;
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason }));
}
process.exit(bad ? 1 : 0);
