#!/usr/bin/env bash
# Writes nano.sln (the Visual Studio solution of the nanoFramework projects) from every *.nfproj in the tree, so the
# solution never forgets a project. `tools/nano-sln.sh --check` exits 1 if nano.sln is out of date (tools/test.sh runs it).
# The project type GUID {11A8DD76-328B-46DF-9F39-F559912D0360} is the nanoFramework project system's (facts §9).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
nftype="{11A8DD76-328B-46DF-9F39-F559912D0360}"
mapfile -t projects < <(git ls-files --cached --others --exclude-standard '*.nfproj' | sort)
{
    printf 'Microsoft Visual Studio Solution File, Format Version 12.00\n'
    printf '# Visual Studio Version 17\n'
    printf 'VisualStudioVersion = 17.0.31903.59\n'
    printf 'MinimumVisualStudioVersion = 10.0.40219.1\n'
    for p in "${projects[@]}"; do
        guid=$(grep -o '<ProjectGuid>[^<]*' "$p" | sed 's/<ProjectGuid>//')
        dir=$(dirname "$p")
        name=$(basename "$p" .nfproj)
        # Test suites are all named NFUnitTest (the launcher loads that assembly): name them by folder instead.
        [ "$name" = "NFUnitTest" ] && name="$(basename "$dir").NFUnitTest"
        printf 'Project("%s") = "%s", "%s", "%s"\nEndProject\n' "$nftype" "$name" "${p//\//\\}" "$guid"
    done
    printf 'Global\n'
    printf '\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n'
    printf '\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU\n'
    printf '\tEndGlobalSection\n'
    printf '\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n'
    for p in "${projects[@]}"; do
        guid=$(grep -o '<ProjectGuid>[^<]*' "$p" | sed 's/<ProjectGuid>//')
        for cfg in Debug Release; do
            for what in ActiveCfg Build.0 Deploy.0; do
                printf '\t\t%s.%s|Any CPU.%s = %s|Any CPU\n' "$guid" "$cfg" "$what" "$cfg"
            done
        done
    done
    printf '\tEndGlobalSection\n'
    printf '\tGlobalSection(SolutionProperties) = preSolution\n\t\tHideSolutionNode = FALSE\n\tEndGlobalSection\n'
    printf 'EndGlobal\n'
} | sed 's/$/\r/' > "$out"
if [ "${1:-}" = "--check" ]; then
    if cmp -s "$out" nano.sln; then
        echo "nano.sln: up to date (${#projects[@]} projects)"
    else
        echo "nano.sln: out of date: run tools/nano-sln.sh"
        exit 1
    fi
else
    cp "$out" nano.sln
    echo "nano.sln: ${#projects[@]} projects"
fi
