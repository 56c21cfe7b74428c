# The nanoFramework API guard (Windows twin of tools/nano-check.sh); arguments go to NanoCheck.
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..")
dotnet build "$root/tools/NanoCheck" -c Release -v q --nologo -clp:ErrorsOnly | Out-Null; if ($LASTEXITCODE -ne 0) { exit 2 }
dotnet run --project "$root/tools/NanoCheck" -c Release --no-build -- --root "$root" @args; exit $LASTEXITCODE
