#!/usr/bin/env bash
# Fetch Neo4j 5.26 Community from Maven Central into .cache/neo4j and build the test launcher.
# Idempotent: does nothing when the cache is complete and the sources are unchanged. Builds into a
# staging directory and swaps it in, so a failed build never breaks a working cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/.cache/neo4j"
src="$here/src/main/java/jbnet/neo4j/Launcher.java"

fingerprint="$(cat "$here/pom.xml" "$src" "$here/build.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f "$cache/.built" && "$(cat "$cache/.built")" == "$fingerprint" && -f "$cache/launcher.jar" ]]; then
  exit 0
fi

echo "Building the Neo4j 5.26 test server in $cache ..."
mkdir -p "$root/.cache"
stage="$(mktemp -d "$root/.cache/neo4j.build.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib" "$stage/classes"
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$stage/lib" </dev/null
javac --release 17 -nowarn -cp "$stage/lib/*" -d "$stage/classes" "$src"
jar --create --file "$stage/launcher.jar" -C "$stage/classes" .
echo "$fingerprint" > "$stage/.built"
old="$root/.cache/neo4j.old.$$"
if [[ -e "$cache" ]]; then mv "$cache" "$old"; fi
mv "$stage" "$cache"
rm -rf "$old"
echo "Neo4j test server ready: $cache"
