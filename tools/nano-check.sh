#!/usr/bin/env bash
# The nanoFramework API guard (DESIGN §1, tools/DEVELOPING.md): compiles every .nfproj under firmware/, drivers/ and
# tests/ against nanoFramework's real core library (mscorlib.dll of the nanoFramework.CoreLibrary NuGet package, the
# version every packages.config pins, restored by the ordinary NuGet restore of tools/NanoCheck and cached) plus the
# mirrors of the other nanoFramework assemblies (tools/NanoSurface/), and rejects what nanoFramework 1.x cannot run.
# Arguments go to NanoCheck: [--root <dir>] | --sources <file.cs...> [--references a,b] | --list-surface.
# Exit code: 0 clean, 1 errors found, 2 bad arguments / broken surface / CoreLibrary not restored (or a build failure
# of the tool). Never falls back to anything but the real mscorlib.dll.
set -euo pipefail
# Relative --sources paths are taken from the caller's directory; the repository root defaults to this script's
# parent (a later --root wins).
root="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/tools/NanoCheck" -c Release -v q --nologo -clp:ErrorsOnly >/dev/null || {
    dotnet build "$root/tools/NanoCheck" -c Release -v q --nologo -clp:ErrorsOnly || true
    echo "nano-check: cannot build tools/NanoCheck, or restore nanoFramework.CoreLibrary (its mscorlib.dll is what the guard checks against; see the errors above)" >&2
    exit 2
}
exec dotnet run --project "$root/tools/NanoCheck" -c Release --no-build -- --root "$root" "$@"
