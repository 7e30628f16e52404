using System.CommandLine;
using Grpc.Core;

namespace RetroGrid.Rgctl;

/// <summary>
/// `rgctl`: IT staff's command line for the controller. Lists print aligned tables (fitted to a terminal's width, whole
/// in a pipe), other answers plain lines, or with `--json` the controller's answer as protobuf JSON (the shape
/// documented in proto/retrogrid/v1/admin.proto). Failures print the RetroGrid code, message and next step on stderr
/// and exit 1 (2 for a bad command line).
/// </summary>
internal static class RgctlApplication
{
    public static async Task<int> RunAsync(string[] args, RgctlConsole console, CancellationToken cancellationToken)
    {
        var stdout = console.Out;
        var stderr = console.Error;
        var globals = new GlobalOptions();
        var root = new RootCommand("rgctl: manage a RetroGrid controller (agents, backup sets, Dropbox links, jobs).");
        globals.AddTo(root);
        var context = new RgctlContext(globals, console);
        foreach (var command in RgctlCommands.Create(context))
        {
            root.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await stderr.WriteLineAsync(string.Join(" ", parsed.Errors.Select(e => e.Message)));
            return 2;
        }

        try
        {
            // Ctrl+C cancels the command's token; a command that has not returned by the timeout is abandoned with exit 130.
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(2) };
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (RpcException ex)
        {
            var code = ex.Trailers.GetValue("retrogrid-error-code");
            await stderr.WriteLineAsync(code is null ? $"{ex.StatusCode}: {ex.Status.Detail}" : $"{code}: {ex.Status.Detail}");
            if (ex.Trailers.GetValue("retrogrid-next-step") is { } nextStep)
            {
                await stderr.WriteLineAsync($"Next step: {nextStep}");
            }

            return 1;
        }
        catch (RgctlException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return ex.ExitCode;
        }
    }
}

/// <summary>A usage problem rgctl itself finds (missing credential, no passphrase).</summary>
internal sealed class RgctlException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Where the controller is and how to prove who we are.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Controller { get; } = new("--controller") { Description = "The controller's address (default: RGCTL_CONTROLLER, else https://127.0.0.1:7443/).", Recursive = true };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = "On the controller's machine: its data directory (gives the CA and the admin credential).", Recursive = true };

    public Option<string?> Ca { get; } = new("--ca") { Description = "The controller's CA certificate (default: RGCTL_CA, or ca.crt in --data-dir).", Recursive = true };

    public Option<string?> CredentialFile { get; } = new("--credential-file") { Description = "A file holding the admin credential (default: RGCTL_CREDENTIAL, or admin.credential in --data-dir).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the controller's answers as JSON.", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Controller);
        root.Options.Add(DataDir);
        root.Options.Add(Ca);
        root.Options.Add(CredentialFile);
        root.Options.Add(Json);
    }
}
