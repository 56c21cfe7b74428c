#Requires -Version 7.0
<#
.SYNOPSIS
    Flashes a NanoNode: nanoFramework firmware, Wi-Fi + CA, device settings and the NanoNode app; or runs the
    virtual board in the nanoFramework emulator.

.DESCRIPTION
    Hardware (ESP32 DevKitC, see firmware/App/README.md for the wiring):
      1. installs nanoff (dotnet tool) if it is missing
      2. flashes the nanoFramework firmware for -Target           (skipped with -SkipFirmware)
      3. builds firmware/App with MSBuild from Visual Studio (found with vswhere; needs the .NET nanoFramework extension)
      4. writes settings.json / network.json / files.json with `dotnet run --project tools/VirtualDevice -- deploy-files`
         (the same code the host tests cover) into a temporary folder, deleted at the end (it holds the Wi-Fi password)
      5. nanoff network deployment (Wi-Fi credentials, CA certificate) and file deployment (I:\nanonode-device.json)
      6. deploys the app image (bin\Release\NanoNode.App.bin); the device restarts into NanoNode
    Emulator (-Emulator): installs nanoclr if missing, builds the app and runs its .pe files in nanoclr: the virtual
    board prints the node's MQTT traffic and a scripted config demo on the console (Ctrl+C ends it).

    nanoff option names were checked against nanoframework/nanoFirmwareFlasher: nanoFirmwareFlasher.Tool/Options.cs
    (--update, --deploy, --image, --target, --serialport, --masserase, --filedeployment, --networkdeployment) and, for
    releases with verbs, nanoFirmwareFlasher.Tool/Verbs/FlashOptions.cs + DeployOptions.cs + VerbTokenizer.cs
    (`flash`/`deploy` with --target, --serialport, --masserase, --image, --file, --network). The installed nanoff's
    `--help` tells which of the two command lines it speaks. The JSON field names come from
    nanoFirmwareFlasher.Library/NetworkDeployment/NetworkDeploymentConfiguration.cs and
    FileDeployment/FileDeploymentConfiguration.cs (tools/VirtualDevice/Deployment.cs writes them).
    nanoclr option names: nanoframework/nf-interpreter targets/netcore/nanoFramework.nanoCLR.CLI/
    ExecuteCommandLineOptions.cs (`run --assemblies`) and ClrInstanceOperationsOptions.cs (`instance --update`).

.EXAMPLE
    ./flash.ps1 -Port COM5 -DeviceId kitchen -Broker mqtt://192.168.1.20:1883 -Ssid MyWifi -Password secret

.EXAMPLE
    ./flash.ps1 -Port COM5 -DeviceId cellar -Broker mqtts://user:pass@broker.lan:8883 -CaCert .\ca.pem -Ssid MyWifi -Password secret

.EXAMPLE
    ./flash.ps1 -Emulator
#>
[CmdletBinding()]
param(
    # Serial port of the board (COM5 on Windows, /dev/ttyUSB0 on Linux). Required unless -Emulator.
    [string]$Port,
    # nanoFramework firmware target. ESP32_REV0 runs on every ESP32-WROOM-32 DevKitC (all silicon revisions;
    # nf-interpreter README). Use ESP32_PSRAM_REV0 for WROVER modules.
    [ValidatePattern('^[A-Za-z0-9_]+$')]
    [string]$Target = 'ESP32_REV0',
    # Wi-Fi network name and password, stored on the device by nanoff's network deployment.
    [string]$Ssid,
    [string]$Password = '',
    # Broker: mqtt://host[:port] or mqtts://[user:password@]host[:port] (TLS; port 8883 when omitted). A comma-separated
    # list (mqtt://a:1883,mqtt://b:1883) gives fallback brokers (config key broker_fallback), tried when one cannot be reached.
    [string]$Broker,
    # Device id: 1..32 of A-Z a-z 0-9 - _ (topics nanonode/<id>/...).
    [string]$DeviceId,
    # PEM file of the CA that signed the broker's certificate (stored in the device's CA store).
    [string]$CaCert,
    # Run the virtual board in the nanoFramework emulator (nanoclr) instead of flashing hardware.
    [switch]$Emulator,
    # Erase the whole flash first (also the persisted config, so the settings file's config applies again).
    [switch]$MassErase,
    # Do not flash the firmware (re-deploy the app and settings only).
    [switch]$SkipFirmware,
    [ValidateSet('Release', 'Debug')]
    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$repo = $PSScriptRoot
$appDir = Join-Path $repo 'firmware/App'
$appProject = Join-Path $appDir 'NanoNode.App.nfproj'

function Stop-Flash([string]$message) {
    Write-Host "flash.ps1: ${message}" -ForegroundColor Red
    exit 1
}

function Write-Step([string]$message) {
    Write-Host "==> $message" -ForegroundColor Cyan
}

# Runs a native command and stops with its exit code when it fails ($ErrorActionPreference does not cover native exit codes).
function Invoke-Native([string]$what, [string]$exe, [string[]]$arguments) {
    Write-Host "    $exe $($arguments -join ' ')" -ForegroundColor DarkGray
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) {
        Stop-Flash "$what failed: '$exe' exited with code $LASTEXITCODE (nanoff exit codes: nanoFirmwareFlasher.Library/ExitCodes.cs)"
    }
}

# Installs a .NET global tool when its command is not on PATH, and puts ~/.dotnet/tools on PATH for this session.
function Install-DotnetTool([string]$package, [string]$command) {
    $toolDir = Join-Path $HOME '.dotnet/tools'
    if (-not (($env:PATH -split [IO.Path]::PathSeparator) -contains $toolDir)) {
        $env:PATH = $toolDir + [IO.Path]::PathSeparator + $env:PATH
    }
    if (Get-Command $command -ErrorAction SilentlyContinue) {
        return
    }
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Stop-Flash "'dotnet' not found: install the .NET SDK (https://dot.net) to get $package"
    }
    Write-Step "installing $package (dotnet tool install -g $package)"
    Invoke-Native "installing $package" 'dotnet' @('tool', 'install', '-g', $package)
    if (-not (Get-Command $command -ErrorAction SilentlyContinue)) {
        Stop-Flash "$package was installed but '$command' is not on PATH: add $toolDir to PATH"
    }
}

# MSBuild from Visual Studio (vswhere), with the .NET nanoFramework project system next to it.
function Find-MSBuild {
    $programFiles = ${env:ProgramFiles(x86)}
    $vswhere = if ($programFiles) { Join-Path $programFiles 'Microsoft Visual Studio/Installer/vswhere.exe' } else { $null }
    if (-not $vswhere -or -not (Test-Path $vswhere)) {
        Stop-Flash "vswhere.exe not found: install Visual Studio 2022 (any edition) with the '.NET desktop development' workload and the .NET nanoFramework extension"
    }
    # '*' quoted: PowerShell on Linux/macOS expands a bare * for native commands (vswhere's "all products").
    $msbuild = & $vswhere -latest -products '*' -requires Microsoft.Component.MSBuild -find 'MSBuild\**\Bin\MSBuild.exe' | Select-Object -First 1
    if ($LASTEXITCODE -ne 0 -or -not $msbuild) {
        Stop-Flash "no MSBuild found by vswhere (exit code $LASTEXITCODE): install Visual Studio 2022 with MSBuild"
    }
    $installation = & $vswhere -latest -products '*' -requires Microsoft.Component.MSBuild -property installationPath | Select-Object -First 1
    if ($LASTEXITCODE -ne 0 -or -not $installation) {
        Stop-Flash "vswhere could not report the Visual Studio installation path (exit code $LASTEXITCODE)"
    }
    $projectSystem = Join-Path $installation 'MSBuild/nanoFramework/v1.0/NFProjectSystem.CSharp.targets'
    if (-not (Test-Path $projectSystem)) {
        Stop-Flash "the .NET nanoFramework extension is not installed in ${installation} (missing ${projectSystem}): install it from the Visual Studio Marketplace"
    }
    return $msbuild
}

# Restores the packages.config packages into <repo>/packages (the .nfproj HintPaths) and builds the app.
function Build-App {
    $msbuild = Find-MSBuild
    $solution = Join-Path $repo 'nano.sln'
    Write-Step "restoring nanoFramework packages (msbuild -t:restore, packages.config)"
    Invoke-Native 'package restore' $msbuild @($solution, '-t:restore', '-p:RestorePackagesConfig=true', '-nologo', '-v:m')
    Write-Step "building firmware/App ($Configuration)"
    Invoke-Native 'build of firmware/App' $msbuild @($appProject, "-p:Configuration=$Configuration", '-nologo', '-v:m')
    $outDir = Join-Path $appDir "bin/$Configuration"
    if (-not (Test-Path $outDir)) {
        Stop-Flash "the build produced no ${outDir}"
    }
    return $outDir
}

# The nanoff command lines: releases before the verb syntax (<= 2.5.x) take --update/--deploy/--networkdeployment,
# newer ones `flash`/`deploy` verbs. Their --help shows which.
function Get-NanoffSyntax {
    $help = (& nanoff --help 2>&1 | Out-String)
    # Verb releases list their verbs as "  flash    Flash firmware ..."; legacy releases list "--networkdeployment".
    if ($help -match '(?m)^\s+flash\s{2,}' -and $help -match '(?m)^\s+deploy\s{2,}') {
        return 'verbs'
    }
    if ($help -match '--networkdeployment') {
        return 'legacy'
    }
    Stop-Flash "cannot tell which command line this nanoff speaks (nanoff --help exited with $LASTEXITCODE); update it: dotnet tool update -g nanoff"
}

if ($Emulator) {
    Install-DotnetTool 'nanoclr' 'nanoclr'
    Write-Step 'updating the nanoCLR instance (nanoclr instance --update)'
    & nanoclr instance --update
    if ($LASTEXITCODE -ne 0) {
        Write-Warning "nanoclr instance --update exited with code $LASTEXITCODE (offline?): using the installed nanoCLR"
    }
    $outDir = Build-App
    $pes = @(Get-ChildItem -Path $outDir -Filter '*.pe' | ForEach-Object { $_.FullName })
    if ($pes.Count -eq 0 -or -not ($pes | Where-Object { $_ -like '*NanoNode.App.pe' })) {
        Stop-Flash "no NanoNode.App.pe in ${outDir}: the nanoFramework build did not produce the PE files"
    }
    Write-Step "running the virtual board in nanoclr ($($pes.Count) assemblies; Ctrl+C to stop)"
    Invoke-Native 'nanoclr' 'nanoclr' (@('run', '--assemblies') + $pes)
    exit 0
}

# ---- hardware ----
if (-not $Port) { Stop-Flash '-Port is required (the board''s serial port, e.g. COM5; `nanoff --listports` or `nanoff list ports` shows them), or use -Emulator' }
if (-not $DeviceId) { Stop-Flash '-DeviceId is required (1..32 of A-Z a-z 0-9 - _, not "all")' }
if (-not $Broker) { Stop-Flash '-Broker is required: mqtt://host:1883 or mqtts://host:8883' }
if ($Broker -notmatch '^mqtts?://') { Stop-Flash "-Broker must start with mqtt:// or mqtts:// (got '$Broker')" }
if ($CaCert -and -not (Test-Path $CaCert -PathType Leaf)) { Stop-Flash "-CaCert file not found: $CaCert" }
if ($Broker -match '^mqtts://' -and -not $CaCert) {
    Write-Warning 'mqtts:// without -CaCert: the broker certificate must chain to a CA already stored on the device'
}
if (-not $Ssid) {
    Write-Warning 'no -Ssid: the Wi-Fi credentials already stored on the device are kept'
}
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Stop-Flash "'dotnet' not found: install the .NET SDK (https://dot.net)"
}

Install-DotnetTool 'nanoff' 'nanoff'
$syntax = Get-NanoffSyntax
Write-Host "    nanoff command line: $syntax" -ForegroundColor DarkGray

$outDir = Build-App
$image = Join-Path $outDir 'NanoNode.App.bin'
if (-not (Test-Path $image)) {
    Stop-Flash "no deployment image ${image}: the nanoFramework build writes <AssemblyName>.bin next to the .pe files"
}

$work = Join-Path ([IO.Path]::GetTempPath()) ("nanonode-flash-" + [Guid]::NewGuid().ToString('N'))
try {
    Write-Step 'writing the device settings and nanoff deployment files (tools/VirtualDevice deploy-files)'
    $deployArgs = @('run', '--project', (Join-Path $repo 'tools/VirtualDevice'), '--', 'deploy-files',
        '--out', $work, '--device-id', $DeviceId, '--broker', $Broker, '--port', $Port)
    if ($Ssid) { $deployArgs += @('--ssid', $Ssid, '--password', $Password) }
    if ($CaCert) { $deployArgs += @('--ca', (Resolve-Path $CaCert).Path) }
    # Not through Invoke-Native: the argument list holds the Wi-Fi password.
    & dotnet @deployArgs | Out-Null
    if ($LASTEXITCODE -ne 0) {
        Stop-Flash "deploy-files failed with exit code $LASTEXITCODE (bad -DeviceId, -Broker or -CaCert? its message is above)"
    }
    $network = Join-Path $work 'network.json'
    $files = Join-Path $work 'files.json'

    if (-not $SkipFirmware) {
        Write-Step "flashing nanoFramework firmware ${Target} on ${Port}"
        if ($syntax -eq 'verbs') {
            $flashArgs = @('flash', '--target', $Target, '--serialport', $Port)
        } else {
            $flashArgs = @('--update', '--target', $Target, '--serialport', $Port)
        }
        if ($MassErase) { $flashArgs += '--masserase' }
        Invoke-Native 'firmware flash' 'nanoff' $flashArgs
    }

    if (Test-Path $network) {
        Write-Step 'writing Wi-Fi credentials and CA certificate (nanoff network deployment)'
        if ($syntax -eq 'verbs') {
            Invoke-Native 'network deployment' 'nanoff' @('deploy', '--serialport', $Port, '--network', $network)
        } else {
            # The JSON carries SerialPort; without other options nanoff runs only the deployment.
            Invoke-Native 'network deployment' 'nanoff' @('--networkdeployment', $network)
        }
    }

    Write-Step "writing I:\nanonode-device.json (nanoff file deployment)"
    if ($syntax -eq 'verbs') {
        $fileArgs = @('deploy', '--serialport', $Port, '--file', $files)
    } else {
        $fileArgs = @('--filedeployment', $files)
    }
    # nanoff's FileDeploymentManager prints "Error deploying content file ..." for a file the device refused but still
    # exits 0: read its output as well as its exit code.
    Write-Host "    nanoff $($fileArgs -join ' ')" -ForegroundColor DarkGray
    $fileOutput = @(& nanoff @fileArgs 2>&1 | ForEach-Object { "$_" })
    $fileExit = $LASTEXITCODE
    $fileOutput | ForEach-Object { Write-Host $_ }
    if ($fileExit -ne 0) {
        Stop-Flash "file deployment failed: 'nanoff' exited with code $fileExit (nanoff exit codes: nanoFirmwareFlasher.Library/ExitCodes.cs)"
    }
    if ($fileOutput -match 'Error deploying|Exception deploying') {
        Stop-Flash "file deployment failed: nanoff could not write I:\nanonode-device.json (see its message above)"
    }

    Write-Step "deploying the NanoNode app ($image)"
    if ($syntax -eq 'verbs') {
        Invoke-Native 'app deployment' 'nanoff' @('deploy', '--target', $Target, '--serialport', $Port, '--image', $image)
    } else {
        Invoke-Native 'app deployment' 'nanoff' @('--target', $Target, '--serialport', $Port, '--deploy', '--image', $image)
    }
}
finally {
    if (Test-Path $work) { Remove-Item -Recurse -Force $work }
}

Write-Host ''
if (-not $MassErase) {
    # NodeBoot: a config persisted on the device (first boot, or changed over MQTT) wins over the settings file.
    Write-Host "Note: a board flashed before keeps its persisted config (broker, interval...); -Broker applies on a first flash, with -MassErase, or over MQTT (config/set)." -ForegroundColor Yellow
}

# The broker URI may carry user:password: show it without them.
$shownBroker = $Broker -replace '^(mqtts?://)[^@/]*@', '$1'
Write-Host "Done. ${DeviceId} publishes on nanonode/${DeviceId}/# at ${shownBroker}; watch the serial console (115200 baud) for its log." -ForegroundColor Green
