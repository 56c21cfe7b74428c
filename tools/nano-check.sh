#!/usr/bin/env bash
# The nanoFramework API guard (DESIGN §1, tools/DEVELOPING.md): compiles every .nfproj under firmware/, drivers/ and
# tests/ against the nanoFramework 1.17 API surface (tools/NanoSurface/) and rejects what nanoFramework 1.x cannot run.
# Arguments go to NanoCheck: [--root <dir>] | --sources <file.cs...> [--references a,b] | --list-surface.
# Exit code: 0 clean, 1 errors found, 2 bad arguments / broken surface (or a build failure of the tool).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tools/NanoCheck -c Release -v q --nologo -clp:ErrorsOnly >/dev/null || {
    dotnet build tools/NanoCheck -c Release -v q --nologo -clp:ErrorsOnly
    exit 2
}
exec dotnet run --project tools/NanoCheck -c Release --no-build -- "$@"
