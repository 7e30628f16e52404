using System.CommandLine;
using Google.Protobuf;

namespace RetroGrid.Rgctl;

/// <summary>What every command needs: the connection, the console (output, terminal or not, stdin for secrets).</summary>
internal sealed class RgctlContext(GlobalOptions globals, RgctlConsole console)
{
    private static readonly JsonFormatter JsonOutput = new(JsonFormatter.Settings.Default.WithIndentation());

    public RgctlConsole Console { get; } = console;

    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public GlobalOptions Globals { get; } = globals;

    public bool Json(ParseResult parse) => parse.GetValue(Globals.Json);

    /// <summary>Tables fitted to the window and live progress: only for a person at a terminal, never under --json.</summary>
    public bool IsRich(ParseResult parse) => Console.IsTerminal && !Json(parse);

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
        Error.Write(prompt);
        Error.Flush();
        return Console.In.ReadLine()?.Trim() is { Length: > 0 } line ? line : throw new RgctlException($"Nothing was given: set {environmentVariable} or type it when asked.");
    }

    /// <summary>Prints the answer as JSON with --json, else as the given lines.</summary>
    public async Task<int> PrintAsync(ParseResult parse, IMessage answer, params IEnumerable<string> lines)
    {
        if (Json(parse))
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

    /// <summary>
    /// Prints a list: JSON with --json, else the table — fitted to the terminal's width for a person, whole in a pipe
    /// (a script must never get a cut value).
    /// </summary>
    public Task<int> PrintTableAsync(ParseResult parse, IMessage answer, TextTable table) => PrintAsync(parse, answer, Render(parse, table));

    /// <summary>
    /// For answers that were plain lines before rgctl had tables: a table at a terminal, the same plain lines in a pipe,
    /// so scripts reading them keep working.
    /// </summary>
    public Task<int> PrintAsync(ParseResult parse, IMessage answer, Func<TextTable> table, params IEnumerable<string> plain) =>
        PrintAsync(parse, answer, IsRich(parse) ? Render(parse, table()) : plain);

    /// <summary>The table's lines: fitted to the terminal for a person, whole in a pipe.</summary>
    public IEnumerable<string> Render(ParseResult parse, TextTable table) =>
        // One column short of the width, for terminals that wrap as soon as the last column is written.
        table.Render(IsRich(parse) ? Math.Max(Console.Width() - 1, 1) : null, Console.Unicode);
}
