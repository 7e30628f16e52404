using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;

namespace RetroGrid.Rgctl;

/// <summary>
/// `rgctl`: IT staff's command line for the controller. Every command prints plain lines, or with `--json` the
/// controller's answer as protobuf JSON (the shape documented in proto/retrogrid/v1/admin.proto). Failures print the
/// RetroGrid code, message and next step on stderr and exit 1 (2 for a bad command line).
/// </summary>
internal static class RgctlApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellationToken)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("rgctl: manage a RetroGrid controller (agents, backup sets, Dropbox links, jobs).");
        globals.AddTo(root);
        var context = new RgctlContext(globals, stdout, stderr, stdin);
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
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
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

/// <summary>What every command needs: the connection, the output, stdin for secrets.</summary>
internal sealed class RgctlContext(GlobalOptions globals, TextWriter stdout, TextWriter stderr, TextReader stdin)
{
    private static readonly JsonFormatter JsonOutput = new(JsonFormatter.Settings.Default.WithIndentation());

    public TextWriter Out { get; } = stdout;

    public GlobalOptions Globals { get; } = globals;

    public ControllerConnection Connect(ParseResult parse)
    {
        var dataDir = parse.GetValue(Globals.DataDir);
        var address = parse.GetValue(Globals.Controller) ?? Environment.GetEnvironmentVariable("RGCTL_CONTROLLER") ?? "https://127.0.0.1:7443/";
        if (!Uri.TryCreate(address, UriKind.Absolute, out var controller) || controller.Scheme != Uri.UriSchemeHttps)
        {
            throw new RgctlException($"The controller's address must be an https:// URL, not '{address}'.");
        }

        var ca = parse.GetValue(Globals.Ca) ?? Environment.GetEnvironmentVariable("RGCTL_CA") ?? (dataDir is null ? null : Path.Join(dataDir, "ca.crt"))
            ?? throw new RgctlException("Give the controller's CA certificate: --ca FILE, RGCTL_CA, or --data-dir on the controller's machine.");
        var credentialFile = parse.GetValue(Globals.CredentialFile) ?? (dataDir is null ? null : Path.Join(dataDir, "admin.credential"));
        var credential = credentialFile is not null ? File.ReadAllText(credentialFile).Trim() : Environment.GetEnvironmentVariable("RGCTL_CREDENTIAL")
            ?? throw new RgctlException("Give the admin credential: --credential-file FILE, RGCTL_CREDENTIAL, or --data-dir on the controller's machine.");
        return new ControllerConnection(controller, ca, credential);
    }

    /// <summary>Reads one secret line from stdin (a pipe or a prompt), or from the environment variable if set.</summary>
    public string ReadSecret(string environmentVariable, string prompt)
    {
        if (Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        // The prompt goes to stderr, so that stdout stays the command's answer (--json included).
        stderr.Write(prompt);
        stderr.Flush();
        return stdin.ReadLine()?.Trim() is { Length: > 0 } line ? line : throw new RgctlException($"Nothing was given: set {environmentVariable} or type it when asked.");
    }

    /// <summary>Prints the answer as JSON with --json, else as the given lines.</summary>
    public async Task<int> PrintAsync(ParseResult parse, IMessage answer, params string[] lines)
    {
        if (parse.GetValue(Globals.Json))
        {
            await Out.WriteLineAsync(JsonOutput.Format(answer));
        }
        else
        {
            foreach (var line in lines)
            {
                await Out.WriteLineAsync(line);
            }
        }

        return 0;
    }
}
