<#
.SYNOPSIS
    Registers the installed RetroGrid agent as a Windows service, or removes it (-Uninstall).

.DESCRIPTION
    Publishes and copies nothing: the agent must already be in -InstallDir (docs/install.md gives the publish
    command). The script makes the state directory readable by SYSTEM and Administrators only, registers the service
    (automatic, delayed start; LocalSystem) with restart-on-failure recovery actions, registers the agent's event log
    source, and starts the service if the agent is already enrolled. Run it from an elevated PowerShell.

.EXAMPLE
    .\install-agent.ps1
    & 'C:\Program Files\RetroGrid\Agent\retrogrid-agent.exe' enroll --controller https://backup.example.org:7443/ --token <token> --ca-sha256 <hash> --state-dir 'C:\ProgramData\RetroGrid\Agent'
    Start-Service RetroGridAgent

.EXAMPLE
    .\install-agent.ps1 -Uninstall
#>
[CmdletBinding()]
param(
    # Where the published agent (retrogrid-agent.exe) is.
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'RetroGrid\Agent'),
    # Where the agent keeps its identity: the --state-dir of enroll and run.
    [string] $StateDir = (Join-Path $env:ProgramData 'RetroGrid\Agent'),
    [string] $ServiceName = 'RetroGridAgent',
    # Stop and remove the service and its event log source; the program and the state directory stay.
    [switch] $Uninstall
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The agent writes to the Application event log under its application name.
$eventSource = 'retrogrid-agent'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script from an elevated PowerShell (Run as administrator).'
}

function Invoke-Sc {
    param([string[]] $Arguments)
    $output = & sc.exe @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "sc.exe $($Arguments -join ' ') failed ($LASTEXITCODE): $output"
    }
}

if ($Uninstall) {
    $service = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    if ($service) {
        if ($service.Status -ne 'Stopped') {
            # The agent cancels its running job at a consistent point and reports it before it stops.
            Stop-Service -Name $ServiceName
            $service.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(60))
        }
        Invoke-Sc @('delete', $ServiceName)
        Write-Host "Service $ServiceName removed."
    }
    if ([Diagnostics.EventLog]::SourceExists($eventSource)) {
        [Diagnostics.EventLog]::DeleteEventSource($eventSource)
    }
    Write-Host "Left in place: $InstallDir (the program) and $StateDir (the agent's identity). Delete them to remove the agent entirely."
    return
}

$exe = Join-Path $InstallDir 'retrogrid-agent.exe'
if (-not (Test-Path -LiteralPath $exe -PathType Leaf)) {
    throw "$exe not found: publish the agent there first (docs/install.md)."
}
if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    throw "A service named $ServiceName already exists; run this script with -Uninstall first."
}

# The state directory holds the agent's private key: SYSTEM and Administrators only, nothing inherited from above.
New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
$acl = New-Object Security.AccessControl.DirectorySecurity
$acl.SetAccessRuleProtection($true, $false)
foreach ($sid in @('S-1-5-18', 'S-1-5-32-544')) { # SYSTEM, BUILTIN\Administrators
    $account = New-Object Security.Principal.SecurityIdentifier($sid)
    $acl.AddAccessRule((New-Object Security.AccessControl.FileSystemAccessRule($account, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')))
}
Set-Acl -LiteralPath $StateDir -AclObject $acl

# LocalSystem, because a backup agent must read every user's files. The command is `run`, as on every platform; the
# service control manager's stop reaches the agent like SIGTERM does under systemd.
$binaryPath = "`"$exe`" run --state-dir `"$StateDir`""
New-Service -Name $ServiceName -BinaryPathName $binaryPath -DisplayName 'RetroGrid Agent' `
    -Description 'Backs this computer up to Dropbox under the direction of a RetroGrid controller.' `
    -StartupType Automatic | Out-Null

# Delayed start: after the boot rush, when the network is usually up (the agent keeps retrying the controller anyway).
Invoke-Sc @('config', $ServiceName, 'start=', 'delayed-auto')
# Recovery: restart after 10 s, 10 s, then every minute; the count resets after a day without failures. failureflag 1
# applies the actions also when the agent stops itself with an error (e.g. revoked: RG3012), not only on a crash.
Invoke-Sc @('failure', $ServiceName, 'reset=', '86400', 'actions=', 'restart/10000/restart/10000/restart/60000')
Invoke-Sc @('failureflag', $ServiceName, '1')

if (-not [Diagnostics.EventLog]::SourceExists($eventSource)) {
    [Diagnostics.EventLog]::CreateEventSource($eventSource, 'Application')
}

if (Test-Path -LiteralPath (Join-Path $StateDir 'agent.json') -PathType Leaf) {
    Start-Service -Name $ServiceName
    Write-Host "Service $ServiceName installed and started."
}
else {
    Write-Host "Service $ServiceName installed. Enroll the agent (the line rgctl agent enroll-token prints), then start it:"
    Write-Host "  & '$exe' enroll --controller https://<controller>:7443/ --token <token> --ca-sha256 <hash> --state-dir '$StateDir'"
    Write-Host "  Start-Service $ServiceName"
}
