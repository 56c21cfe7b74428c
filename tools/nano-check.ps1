# The nanoFramework API guard (Windows twin of tools/nano-check.sh); arguments go to NanoCheck.
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..")
# The build restores nanoFramework.CoreLibrary (the real mscorlib.dll the guard compiles against); no fallback.
dotnet build "$root/tools/NanoCheck" -c Release -v q --nologo -clp:ErrorsOnly | Out-Null
if ($LASTEXITCODE -ne 0) {
    dotnet build "$root/tools/NanoCheck" -c Release -v q --nologo -clp:ErrorsOnly
    Write-Error "nano-check: cannot build tools/NanoCheck, or restore nanoFramework.CoreLibrary (see the errors above)" -ErrorAction Continue
    exit 2
}
dotnet run --project "$root/tools/NanoCheck" -c Release --no-build -- --root "$root" @args; exit $LASTEXITCODE
