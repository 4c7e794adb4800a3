#!/usr/bin/env bash
# Packed-library check: the library as npm would publish it, used the way a user uses it.
#
# `npm pack`s the built library, then for the newest aws-cdk-lib and for the lowest one the library
# supports (its aws-cdk-lib peer dependency, which is `cdkVersion` in .projenrc.ts):
#   1. makes a fresh app with the CDK CLI (`cdk init app --language typescript`),
#   2. installs the tarball and that aws-cdk-lib into it,
#   3. adds the example app (examples/app.ts with its dictionary and index template: the README's
#      complete stack) importing `cdk-opensearch-packages` instead of ../src,
#   4. runs `cdk synth` (the app's own `tsc` type-check, then the app) and checks that the template has
#      the library's resources and that the handler asset is the bundle from the tarball,
#   5. writes a jest snapshot test into the app's test/ folder and runs the app's jest twice: once to
#      write the snapshot, once with --ci to check it.
# Prints one PASS/FAIL line per aws-cdk-lib version and exits non-zero if any failed.
#
# Needs the built library (lib/, assets/: `npx projen build`) and the npm registry. Everything happens
# in a temporary folder that is removed at the end (PACKED_CHECK_KEEP=1 keeps it).
# Every step is bounded by PACKED_CHECK_STEP_TIMEOUT seconds (default 420).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STEP_TIMEOUT="${PACKED_CHECK_STEP_TIMEOUT:-420}"
CDK="$ROOT/node_modules/.bin/cdk"
# No update check, notices or telemetry: the check needs the npm registry only.
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true

fail_early() {
  echo "packed-library check: FAIL ($1)"
  exit 1
}

for built in lib/index.js assets/lambda/index/index.js assets/examples/index-template/handler/index.js; do
  [ -f "$ROOT/$built" ] || fail_early "$built is missing: build the library first (npx projen build)"
done
[ -x "$CDK" ] || fail_early "no CDK CLI at $CDK: run npm ci"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/packed-library-check.XXXXXX")"
if [ "${PACKED_CHECK_KEEP:-}" = 1 ]; then
  trap 'echo "packed-library check: kept $WORK"' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi

cd "$ROOT"
TARBALL_NAME="$(npm pack --silent --pack-destination "$WORK" 2>"$WORK/pack.log" | tail -n 1)"
TARBALL="$WORK/$TARBALL_NAME"
[ -n "$TARBALL_NAME" ] && [ -f "$TARBALL" ] || { cat "$WORK/pack.log" >&2; fail_early "npm pack produced no tarball"; }
LOWEST="$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^[^0-9]*/, '')")"

# check_version LABEL VERSION: runs steps 1-5 in $WORK/LABEL/packed-app, logging to $WORK/LABEL.log.
# The last line of the log is `STEP <name>` for the step that was running.
check_version() {
  local label="$1" version="$2"
  local app="$WORK/$label/packed-app" log="$WORK/$label.log"
  mkdir -p "$app" && cd "$app" || return 1
  step() {
    local name="$1"; shift
    echo "STEP $name" >>"$log"
    timeout --kill-after=10 "$STEP_TIMEOUT" "$@" >>"$log" 2>&1 </dev/null
  }

  step "cdk init" "$CDK" init app --language typescript --generate-only --no-notices || return 1
  step "npm install" npm install --no-audit --no-fund --save-exact "aws-cdk-lib@$version" "$TARBALL" || return 1
  local installed
  installed="$(node -p "require('aws-cdk-lib/package.json').version")"
  echo "aws-cdk-lib $installed installed" >>"$log"
  if [ "$version" != latest ] && [ "$installed" != "$version" ]; then
    echo "STEP version: asked for aws-cdk-lib $version, got $installed" >>"$log"
    return 1
  fi
  echo "$installed" >"$WORK/$label.version"

  # The CLI's newest template loads jest helpers that older aws-cdk-lib releases do not have yet.
  if ! node -e "require.resolve('aws-cdk-lib/testhelpers/jest-autoclean')" 2>/dev/null; then
    echo "aws-cdk-lib $installed has no testhelpers/jest-autoclean: left out of jest.config.js" >>"$log"
    sed -i "/aws-cdk-lib\/testhelpers\/jest-autoclean/d" jest.config.js
  fi

  # The example app, as a user would have it: the library from the package, not from ../src.
  mkdir -p examples/index-template assets/examples/index-template
  sed "s#from '../src'#from 'cdk-opensearch-packages'#" "$ROOT/examples/app.ts" >examples/app.ts
  if ! grep -q "from 'cdk-opensearch-packages'" examples/app.ts || grep -q "from '\.\./src" examples/app.ts; then
    echo "STEP example: examples/app.ts no longer imports the library from '../src' alone" >>"$log"
    return 1
  fi
  cp "$ROOT/examples/synonyms.txt" examples/
  cp "$ROOT/examples/index-template/index-template.ts" examples/index-template/
  # The index template's handler is an example, not part of the package: its bundle comes from the build.
  cp -r "$ROOT/assets/examples/index-template/handler" assets/examples/index-template/
  cat >bin/packed-app.ts <<'EOF'
#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { ProductSearchStack } from '../examples/app';

const app = new App();
new ProductSearchStack(app, 'ProductSearch');
EOF
  rm -f test/*.ts
  cat >test/packed-app.test.ts <<'EOF'
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProductSearchStack } from '../examples/app';

test('the example stack synthesizes from the packed library', () => {
  const template = Template.fromStack(new ProductSearchStack(new App(), 'ProductSearch'));
  template.resourceCountIs('Custom::OpenSearchPackage', 1);
  template.resourceCountIs('Custom::OpenSearchPackageAssociation', 1);
  template.hasOutput('SynonymsReferencePath', {});
  expect(template.toJSON()).toMatchSnapshot();
});
EOF

  step "cdk synth" npx cdk synth --quiet --no-notices || return 1
  # The template holds the library's resources, and one of its assets is the handler bundle shipped in
  # the tarball, byte for byte.
  step "template" node -e '
    const fs = require("fs");
    const template = require("./cdk.out/ProductSearch.template.json");
    const types = Object.values(template.Resources).map((r) => r.Type);
    for (const type of ["Custom::OpenSearchPackage", "Custom::OpenSearchPackageAssociation", "AWS::OpenSearchService::Domain"]) {
      if (!types.includes(type)) throw new Error(`no ${type} in the synthesized template`);
    }
    if (!template.Outputs?.SynonymsReferencePath) throw new Error("no SynonymsReferencePath output");
    const shipped = fs.readFileSync("node_modules/cdk-opensearch-packages/assets/lambda/index/index.js");
    const assets = fs.readdirSync("cdk.out").filter((f) => f.startsWith("asset.") && fs.existsSync(`cdk.out/${f}/index.js`));
    if (!assets.some((a) => fs.readFileSync(`cdk.out/${a}/index.js`).equals(shipped))) {
      throw new Error("no asset of the cloud assembly is the handler bundle from the package");
    }
    console.log(`template: ${types.length} resources, handler asset from the package`);
  ' || return 1

  # CI=true makes jest refuse to write snapshots, so the first run says --ci=false explicitly.
  step "jest (write snapshot)" npx jest --ci=false || return 1
  if ! grep -q "1 snapshot written" "$log" || [ ! -s test/__snapshots__/packed-app.test.ts.snap ]; then
    echo "STEP jest (write snapshot): no snapshot was written" >>"$log"
    return 1
  fi
  step "jest --ci (check snapshot)" npx jest --ci || return 1
  grep -q "Snapshots: *1 passed, 1 total" "$log" || { echo "STEP jest --ci: the snapshot was not checked" >>"$log"; return 1; }
  echo "STEP done" >>"$log"
}

# Both versions run at once: most of the time goes to npm downloads and the CLI's tsc.
START=$SECONDS
check_version newest latest &
pid_newest=$!
check_version lowest "$LOWEST" &
pid_lowest=$!

failed=0
for label in newest lowest; do
  pid_var="pid_$label"
  wait "${!pid_var}"
  status=$?
  version="$(cat "$WORK/$label.version" 2>/dev/null || { [ "$label" = lowest ] && echo "$LOWEST" || echo latest; })"
  if [ "$status" -eq 0 ]; then
    echo "packed-library check: PASS aws-cdk-lib $version ($label) with $TARBALL_NAME"
  else
    failed=1
    last_step="$(grep '^STEP ' "$WORK/$label.log" | tail -n 1 | cut -c6-)"
    echo "packed-library check: FAIL aws-cdk-lib $version ($label) at step: $last_step"
    echo "---- last lines of the $label log ----" >&2
    tail -n 40 "$WORK/$label.log" >&2
  fi
done
echo "packed-library check: $((SECONDS - START)) s"
exit "$failed"
