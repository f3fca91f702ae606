#!/usr/bin/env bash
# Fetch Neo4j 5.26 Community from Maven Central into .cache/neo4j and build the test launcher.
# Idempotent: does nothing when the cache is complete and the sources are unchanged.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/.cache/neo4j"
stamp="$cache/.built"
src="$here/src/main/java/jbnet/neo4j/Launcher.java"

fingerprint="$(cat "$here/pom.xml" "$src" "$here/build.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" && -f "$cache/launcher.jar" ]]; then
  exit 0
fi

echo "Fetching Neo4j 5.26 into $cache (one time) ..."
rm -rf "$cache/lib" "$cache/classes" "$cache/launcher.jar" "$stamp"
mkdir -p "$cache/lib" "$cache/classes"
mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$cache/lib"
javac --release 17 -nowarn -cp "$cache/lib/*" -d "$cache/classes" "$src"
jar --create --file "$cache/launcher.jar" -C "$cache/classes" .
echo "$fingerprint" > "$stamp"
echo "Neo4j test server ready: $cache"
