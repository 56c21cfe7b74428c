#!/usr/bin/env bash
# The one test command (README, .ci/run). On a fresh Debian machine with the .NET 10 SDK it:
#   1. installs the Debian packages the tests use (Mosquitto and its clients, Python paho, the openssl CLI, chromium,
#      RabbitMQ for the cluster tests) if missing;
#   2. builds every host project (warnings are errors);
#   3. runs the repository checks, one count each: the nanoFramework API guard (tools/nano-check.sh), nano.sln listing
#      every .nfproj (tools/nano-sln.sh --check), and every .nfproj compiling the same files as its host twin
#      (tools/nano-twins.sh);
#   4. runs every test project;
# and ends with one line "N passed, N failed" counting every test case of every suite, plus each check above as one.
# Exit code: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export CI=true DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Per-run folder: two runs at once (a developer and CI, say) must not count each other's results.
mkdir -p "$root/artifacts/test-results"
find "$root/artifacts/test-results" -maxdepth 1 -name "run.*" -mmin +180 -exec rm -rf {} + 2>/dev/null
results=$(mktemp -d "$root/artifacts/test-results/run.XXXXXX")

# 1. Debian packages: real MQTT peers for the host tests (DESIGN §7); chromium and a font for the dashboard's browser tests.
need=()
for pkg in mosquitto mosquitto-clients python3-paho-mqtt openssl chromium fonts-dejavu-core rabbitmq-server; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
# Node.js and npm for the JavaScript peers: Debian's, unless an npm is already on the PATH (e.g. NodeSource's nodejs,
# which bundles npm and conflicts with Debian's npm package).
if ! command -v npm >/dev/null; then
    dpkg -s nodejs >/dev/null 2>&1 || need+=(nodejs)
    need+=(npm)
fi
if [ ${#need[@]} -gt 0 ]; then
    echo "test.sh: installing ${need[*]}"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "test.sh: ${need[*]} missing; run as root or install sudo"; echo "0 passed, 1 failed"; exit 1; }
        sudo="sudo"
    fi
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq > "$results/apt.log" 2>&1 ||
       ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >> "$results/apt.log" 2>&1; then
        tail -20 "$results/apt.log"
        echo "test.sh: installing ${need[*]} failed (log: $results/apt.log)"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
# npm peers (MQTT.js, playwright-core), pinned by tests/Js/package-lock.json; reinstalled when the lock file changes.
if ! command -v npm >/dev/null; then
    echo "test.sh: npm (Node.js) is required for the JavaScript peers"; echo "0 passed, 1 failed"; exit 1
fi
lock_sum=$(sha256sum tests/Js/package-lock.json | cut -d' ' -f1)
if [ "$(cat tests/Js/node_modules/.nanonode-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
    if ! (cd tests/Js && npm ci --no-audit --no-fund > "$results/npm.log" 2>&1 && echo "$lock_sum" > node_modules/.nanonode-lock-sha256); then
        tail -20 "$results/npm.log"
        echo "test.sh: npm ci in tests/Js failed (log: $results/npm.log)"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
# The broker packages start a system service on some machines; the tests start their own Mosquitto and RabbitMQ nodes
# on free ports (RabbitMQ with its own epmd port and Erlang cookie), so a running service does not disturb them.
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required"; echo "0 passed, 1 failed"; exit 1; }

# 2. Build every host project through one generated solution (new projects are picked up without editing this file).
sln="$results/NanoNode.Host.slnx"
{
    echo "<Solution>"
    git ls-files --cached --others --exclude-standard '*.csproj' | sort | sed "s|^|  <Project Path=\"$root/|; s|\$|\" />|"
    echo "</Solution>"
} > "$sln"
passed=0
failed=0
if ! dotnet build "$sln" -c Debug -v q --nologo -clp:ErrorsOnly > "$results/build.log" 2>&1; then
    grep -E "error|Error" "$results/build.log" | sort -u | head -50
    echo "test.sh: build failed (log: $results/build.log)"
    echo "0 passed, 1 failed"
    exit 1
fi

# 3. The nanoFramework API guard, nano.sln listing every .nfproj, and the .nfproj/.csproj Compile lists: one check each.
for check in tools/nano-check.sh "tools/nano-sln.sh --check" tools/nano-twins.sh; do
    if $check; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

# 4. Every test project. Each writes a TRX file; the counts below come from those files.
dotnet test "$sln" --no-build -c Debug -v q --nologo \
    --logger "trx" --results-directory "$results" \
    --blame-hang-timeout 10m -- RunConfiguration.CollectSourceInformation=false \
    > "$results/test.log" 2>&1
test_rc=$?
grep -E "^(Passed|Failed)!|error|\[FAIL\]|Failed [A-Za-z]" "$results/test.log" | head -100

projects=$(git ls-files --cached --others --exclude-standard '*.csproj' | xargs grep -l -E "<IsTestProject>true|<NanoSuite>true" | wc -l)
trx_count=0
skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    trx_count=$((trx_count + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
    a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
    n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
    skipped=$((skipped + ${n:-0}))
    # A test host that crashed or was killed as hung leaves a run-level error in its TRX, and the results of the tests
    # it had run are lost (its counters can read 0 of 0): count the aborted run as one failure of its own. xunit also
    # logs each failed test as a run-level error ("[xUnit.net ...] Name [FAIL]"); that test is already in the failed
    # counter, so those lines are not an abort (a failed test is one failure).
    run_errors=$(tr -d '\r\n' < "$trx" | grep -o '<RunInfo [^>]*outcome="Error"[^>]*>[[:space:]]*<Text>[^<]*</Text>' \
        | grep -v '\[FAIL\][[:space:]]*</Text>$' || true)
    if [ -n "$run_errors" ]; then
        reason=$(grep -o 'Test Run Aborted[^<]*\|aborted\. Reason: [^<]*\|Test host process crashed[^<]*' <<<"$run_errors" | head -1 | cut -c1-200)
        echo "test.sh: $(basename "$trx"): test run aborted (${reason:-see the file}); counted as 1 failure"
        failed=$((failed + 1))
    fi
done
[ "$skipped" -eq 0 ] || echo "test.sh: $skipped tests skipped (counted neither passed nor failed)"
if [ "$trx_count" -lt "$projects" ]; then
    echo "test.sh: $projects test projects, only $trx_count reported results (a test host crashed or hung: see $results/test.log)"
    failed=$((failed + projects - trx_count))
fi
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "test.sh: dotnet test exited $test_rc with no failed test counted (see $results/test.log)"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
