#!/usr/bin/env bash
# Checks that every nanoFramework project (.nfproj) and its host twin (the .csproj in the same folder) compile the same
# source files (issue #2, DESIGN §2). tools/test.sh runs it as one check; exit code 1 when any pair differs.
#
#   .nfproj side: its <Compile Include> items, minus files under a Nano/ folder (nanoFramework-only by convention).
#   .csproj side: the Compile items MSBuild evaluates (`dotnet msbuild -getItem:Compile`: globs, Include/Remove, links),
#                 minus files under a Host/ folder (host-only by convention) and, for NFUnitTest twins, the xunit
#                 bridge that Directory.Build.targets links into every suite.
# The two remaining lists must be equal. A .nfproj under firmware/ or drivers/ without a twin is an error unless it is
# listed in NO_TWIN below with the reason.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Projects that cannot have a host twin, with the reason (printed on every run).
declare -A NO_TWIN=(
    ["firmware/App/NanoNode.App.nfproj"]="the device entry point: board code over nanoFramework.Hardware.Esp32, System.Device.Wifi and Power; its portable parts live in firmware/Device"
)
bridge="$root/tests/TestFramework.Host/Bridge/NanoSuiteBridge.cs"

errors=0
pairs=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

while IFS= read -r nf; do
    dir=$(dirname "$nf")
    mapfile -t twins < <(find "$dir" -maxdepth 1 -name '*.csproj' | sort)
    if [ "${#twins[@]}" -eq 0 ]; then
        case "$nf" in
            firmware/*|drivers/*)
                if [ -n "${NO_TWIN[$nf]:-}" ]; then
                    echo "nano-twins: $nf has no host twin (exempt: ${NO_TWIN[$nf]})"
                else
                    echo "nano-twins: $nf has no host twin (.csproj in $dir/)"
                    errors=$((errors + 1))
                fi
                ;;
        esac
        continue
    fi
    if [ "${#twins[@]}" -gt 1 ]; then
        echo "nano-twins: $dir/ holds ${#twins[@]} .csproj files; a .nfproj has exactly one host twin"
        errors=$((errors + 1))
        continue
    fi
    cs=${twins[0]}
    pairs=$((pairs + 1))

    # .nfproj Compile items (relative, backslash-separated) -> absolute paths.
    grep -o '<Compile[^>]*Include="[^"]*"' "$nf" | sed 's/.*Include="\([^"]*\)"/\1/; s|\\|/|g' \
        | while IFS= read -r inc; do realpath -m "$dir/$inc"; done \
        | grep -v "^$root/$dir/\(.*/\)\?Nano/" | sort > "$work/nano"

    # .csproj Compile items as MSBuild evaluates them.
    if ! dotnet msbuild "$cs" -nologo -getItem:Compile > "$work/eval.json" 2> "$work/eval.err"; then
        echo "nano-twins: cannot evaluate $cs:"
        cat "$work/eval.json" "$work/eval.err" | head -20
        errors=$((errors + 1))
        continue
    fi
    sed -n 's/^ *"FullPath": "\(.*\)",\{0,1\}$/\1/p' "$work/eval.json" \
        | grep -v "^$root/$dir/\(.*/\)\?Host/" | grep -vxF "$bridge" | sort > "$work/host"
    if [ ! -s "$work/host" ]; then
        echo "nano-twins: $cs evaluated to no Compile items (dotnet msbuild -getItem output changed?)"
        errors=$((errors + 1))
        continue
    fi

    if ! cmp -s "$work/nano" "$work/host"; then
        echo "nano-twins: $nf and $cs compile different files:"
        comm -23 "$work/nano" "$work/host" | sed "s|^$root/|  only in the .nfproj: |"
        comm -13 "$work/nano" "$work/host" | sed "s|^$root/|  only in the .csproj: |"
        errors=$((errors + 1))
    fi
done < <(git ls-files --cached --others --exclude-standard 'firmware/*.nfproj' 'drivers/*.nfproj' 'tests/*.nfproj' | sort)

if [ "$errors" -eq 0 ]; then
    echo "nano-twins: OK ($pairs .nfproj/.csproj pairs compile the same files)"
    exit 0
fi
echo "nano-twins: $errors errors"
exit 1
