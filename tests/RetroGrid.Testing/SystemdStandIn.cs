using System.Net.Sockets;
using System.Text;

namespace RetroGrid.Testing;

/// <summary>
/// Runs a program as systemd runs a Type=notify service, as far as the program can tell (Linux only):
/// Microsoft.Extensions.Hosting.Systemd takes its parent process being named "systemd" for the service manager, so
/// the program is started by a shell that runs under that name and waits for it; NOTIFY_SOCKET names a datagram
/// socket that this class listens on, where READY=1 and STOPPING=1 arrive. SIGTERM goes to the program itself, as
/// systemd sends it to the service's main process.
/// </summary>
public sealed class SystemdStandIn : IAsyncDisposable
{
    private readonly Socket _notify;

    private SystemdStandIn(Socket notify, ChildProcess manager)
    {
        _notify = notify;
        Manager = manager;
    }

    /// <summary>The stand-in's shell; its stdout and stderr are the service's, its exit code is the service's.</summary>
    public ChildProcess Manager { get; }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> under the stand-in; <paramref name="directory"/>
    /// holds the socket and the shell's name.
    /// </summary>
    public static SystemdStandIn Start(string directory, string fileName, IEnumerable<string> arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("systemd exists on Linux only.");
        }

        var socketPath = Path.Join(directory, "notify");
        var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));

            // The kernel names a process after the file it was started from, so /bin/sh started through this link runs
            // as "systemd". `wait` makes the shell's exit code the service's.
            var systemd = Path.Join(directory, "systemd");
            File.CreateSymbolicLink(systemd, "/bin/sh");
            var manager = ChildProcess.Start(systemd, ["-c", "\"$@\" & wait $!", "systemd", fileName, .. arguments], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
            return new SystemdStandIn(notify, manager);
        }
        catch
        {
            notify.Dispose();
            throw;
        }
    }

    /// <summary>The next notification the service sent (e.g. "READY=1").</summary>
    public async Task<string> ReceiveNotificationAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var received = await _notify.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    /// <summary>Notifications sent but not yet received (after the service has exited, all it ever sent is in).</summary>
    public int PendingNotificationBytes => _notify.Available;

    /// <summary>The service's main process: the stand-in's only child.</summary>
    public int MainProcessId
    {
        get
        {
            var children = File.ReadAllText($"/proc/{Manager.Id}/task/{Manager.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(children.Single(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>What `systemctl stop` does first: SIGTERM to the main process.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ChildProcess.SignalAsync(MainProcessId, "TERM", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _notify.Dispose();
    }
}
