# The nanoFramework API guard (Windows twin of tools/nano-check.sh); arguments go to NanoCheck.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
dotnet build tools/NanoCheck -c Release -v q --nologo -clp:ErrorsOnly | Out-Null; if ($LASTEXITCODE -ne 0) { exit 2 }
dotnet run --project tools/NanoCheck -c Release --no-build -- @args; exit $LASTEXITCODE
