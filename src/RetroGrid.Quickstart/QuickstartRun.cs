using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Agent.Service;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller;
using RetroGrid.Controller.Hosting;
using RetroGrid.Dropbox.Emulator;

namespace RetroGrid.Quickstart;

/// <summary>
/// The whole product on one machine, over loopback: a Dropbox emulator (or, given an app key, a real Dropbox account),
/// a controller on SQLite and one agent. IT staff's steps (create and link a set, enroll and assign an agent) and a
/// backup and a restore job, then the restored files are compared byte for byte with the originals. Exit code 0 only
/// if they match.
/// </summary>
internal static partial class QuickstartRun
{
    public static async Task<int> RunAsync(QuickstartOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var work = Path.GetFullPath(options.WorkDirectory ?? Directory.CreateTempSubdirectory("retrogrid-quickstart-").FullName);
        await output.WriteLineAsync($"RetroGrid quickstart in {work}");
        try
        {
            var result = await RunCoreAsync(options, work, output, cancellationToken);
            await output.WriteLineAsync(result ? "Quickstart succeeded." : "Quickstart FAILED: see the step above.");
            if (result)
            {
                await LookAroundAsync(work, output);
            }

            return result ? 0 : 1;
        }
        catch (RpcException ex)
        {
            await output.WriteLineAsync($"Quickstart FAILED: {ex.Trailers.GetValue("retrogrid-error-code") ?? ex.StatusCode.ToString()} {ex.Status.Detail}");
            return 1;
        }
        catch (Exception ex) when (ex is ControllerException or AgentServiceException or IOException)
        {
            await output.WriteLineAsync($"Quickstart FAILED: {ex.Message}");
            return 1;
        }
    }

    private static async Task<bool> RunCoreAsync(QuickstartOptions quickstart, string work, TextWriter output, CancellationToken cancellationToken)
    {
        // Without an app key the emulator stands in for Dropbox, approving links by itself.
        await using var emulator = quickstart.AppKey is null
            ? await DropboxEmulatorHost.StartAsync(new EmulatorOptions { AutoApprove = true, DataDir = Path.Join(work, "dropbox") }, cancellationToken)
            : null;
        var dropbox = new DropboxSettings { AppKey = quickstart.AppKey ?? new EmulatorOptions().AppKey };
        if ((emulator?.BaseAddress ?? quickstart.DropboxAddress) is { } address)
        {
            (dropbox.AuthorizeBaseAddress, dropbox.ApiBaseAddress, dropbox.ContentBaseAddress) = (address, address, address);
        }

        await output.WriteLineAsync(emulator is null ? $"  Dropbox           {dropbox.ApiBaseAddress} (app key {dropbox.AppKey})" : $"  Dropbox emulator  {emulator.BaseAddress}");
        var approve = quickstart.Approve ?? (emulator is null ? PasteCodeAsync(output) : ApproveAsync);

        var paths = new ControllerPaths(Path.Join(work, "controller"));
        var credential = await ControllerInitializer.InitAsync(paths, [], TimeProvider.System, cancellationToken);
        var options = new ControllerOptions { DataDir = paths.Root, Port = 0, Dropbox = dropbox };
        await using var controller = await ControllerHost.StartAsync(options, cancellationToken);
        await output.WriteLineAsync($"  controller        {controller.BaseAddress} (catalog {paths.Catalog})");

        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(paths.CaCertificate, cancellationToken));
        using var channel = ControllerChannels.ForAgent(controller.BaseAddress, ca, clientCertificate: null);
        var admin = new AdminService.AdminServiceClient(channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        }));

        var passphrase = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "quickstart", RecoveryPassphrase = passphrase }, cancellationToken: cancellationToken);
        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = set.Id }, cancellationToken: cancellationToken);
        var linked = await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = await approve(begun.AuthorizeUrl, cancellationToken) }, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"  backup set        {linked.Name} ({linked.Id}) linked with PKCE to {linked.DropboxFolder}");

        var enrollment = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: cancellationToken);
        var state = new AgentStateDirectory(Path.Join(work, "agent"));
        var agent = await AgentEnrollment.EnrollAsync(state, controller.BaseAddress, enrollment.Token, enrollment.CaSha256, AgentVersion.Current, cancellationToken);
        var source = quickstart.Source is { } given ? Path.GetFullPath(given) : SampleData.Write(Path.Join(work, "workstation"));
        await admin.AssignAgentAsync(new AssignAgentRequest { Set = set.Id, Assignment = new Assignment { AgentId = agent.AgentId, Paths = { source } } }, cancellationToken: cancellationToken);
        await output.WriteLineAsync($"  agent             {agent.AgentId} enrolled (mTLS), backing up {source}");

        using var session = new ControllerSession(state, AgentVersion.Current, TimeProvider.System, NullLogger.Instance);
        using var stopAgent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var agentRun = session.RunAsync(stopAgent.Token);
        try
        {
            var backup = await FollowAsync(admin, await admin.StartBackupAsync(new StartBackupRequest { Set = set.Id, AgentId = agent.AgentId }, cancellationToken: cancellationToken), output, cancellationToken);
            if (backup.State != JobState.Succeeded)
            {
                await output.WriteLineAsync($"  backup job failed: {backup.Error?.Code} {backup.Error?.Message}");
                return false;
            }

            var target = Path.Join(work, "restored");
            var restore = await FollowAsync(admin, await admin.StartRestoreAsync(
                new StartRestoreRequest { Set = set.Id, AgentId = agent.AgentId, Snapshot = backup.SnapshotName, Target = target }, cancellationToken: cancellationToken), output, cancellationToken);
            if (restore.State != JobState.Succeeded)
            {
                await output.WriteLineAsync($"  restore job failed: {restore.Error?.Code} {restore.Error?.Message}");
                return false;
            }

            var (files, bytes, differences) = TreeComparison.Compare(source, Path.Join(target, Path.GetFileName(source)));
            foreach (var difference in differences)
            {
                await output.WriteLineAsync($"  differs: {difference}");
            }

            await output.WriteLineAsync($"  verified          {files} files, {bytes:N0} bytes restored byte for byte");
            return differences.Count == 0;
        }
        finally
        {
            await stopAgent.CancelAsync();
            try
            {
                await agentRun;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }
    }

    /// <summary>The person's part of a real link: open the address, allow the app, paste the code Dropbox shows.</summary>
    private static Func<string, CancellationToken, Task<string>> PasteCodeAsync(TextWriter output) => async (authorizeUrl, cancellationToken) =>
    {
        await output.WriteLineAsync($"  Open {authorizeUrl}");
        await output.WriteAsync("  allow RetroGrid, and paste the code Dropbox shows: ");
        await output.FlushAsync(cancellationToken);
        return (await Console.In.ReadLineAsync(cancellationToken))?.Trim() ?? throw new IOException("No code was pasted.");
    };

    /// <summary>Where to look next: the catalog stays, and rgctl reads it once the controller runs again.</summary>
    private static async Task LookAroundAsync(string work, TextWriter output)
    {
        var controller = Path.Join(work, "controller");
        await output.WriteLineAsync("Look around (the controller's data stays; run it again, then ask it):");
        await output.WriteLineAsync($"  dotnet run --project src/RetroGrid.Controller -- run --data-dir {controller} &");
        foreach (var command in new[] { "status", "agent list", "set show quickstart", "jobs", "snapshots quickstart" })
        {
            await output.WriteLineAsync($"  dotnet run --project src/RetroGrid.Rgctl -- --data-dir {controller} {command}");
        }
    }

    /// <summary>Follows a job to its end, printing each change on one line.</summary>
    private static async Task<Job> FollowAsync(AdminService.AdminServiceClient admin, Job job, TextWriter output, CancellationToken cancellationToken)
    {
        using var watch = admin.WatchJob(new WatchJobRequest { JobId = job.Id }, cancellationToken: cancellationToken);
        var last = job;
        while (await watch.ResponseStream.MoveNext(cancellationToken))
        {
            last = watch.ResponseStream.Current;
            var statistics = last.Statistics ?? new JobStatistics();
            var bytes = last.Kind == JobKind.Restore ? statistics.BytesWritten : statistics.BytesUploaded;
            await output.WriteLineAsync($"  {last.Kind.ToString().ToLowerInvariant(),-7} job {last.Id}  {last.State,-9} {statistics.FilesDone} files, {bytes:N0} bytes"
                + (string.IsNullOrEmpty(last.SnapshotName) ? string.Empty : $", snapshot {last.SnapshotName}"));
        }

        return last;
    }

    /// <summary>The "browser" step: the emulator approves at once and shows the code to paste.</summary>
    private static async Task<string> ApproveAsync(string authorizeUrl, CancellationToken cancellationToken)
    {
        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(authorizeUrl, cancellationToken);
        return WebUtility.HtmlDecode(ShownCode().Match(page).Groups[1].Value);
    }

    [GeneratedRegex("<code id=\"auth-code\">([^<]+)</code>")]
    private static partial Regex ShownCode();
}
