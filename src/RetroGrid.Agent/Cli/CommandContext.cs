using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;
using Spectre.Console;

namespace RetroGrid.Agent.Cli;

/// <summary>One command's invocation: its parsed arguments, its console, and the store it opens (disposed with it).</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly CommonOptions _options;
    private StoreConnection? _connection;

    public CommandContext(CliConsole console, ParseResult parseResult, CommonOptions options)
    {
        Console = console;
        ParseResult = parseResult;
        _options = options;
        Json = parseResult.GetValue(options.Json);
    }

    public CliConsole Console { get; }

    public ParseResult ParseResult { get; }

    public bool Json { get; }

    /// <summary>Rich output (tables, live progress) only for a person at a terminal, never under --json.</summary>
    public bool IsRich => Console.IsTerminal && !Json;

    public string StoreDescription => _connection?.Description ?? string.Empty;

    public T? GetValue<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? GetValue<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Connects to the store named by --repo or --dropbox-*; exactly one kind of target must be given.</summary>
    public IBackupStore ConnectStore()
    {
        if (_connection is not null)
        {
            return _connection.Store;
        }

        var repo = GetValue(_options.Repo);
        var folder = GetValue(_options.DropboxFolder);
        var url = GetValue(_options.DropboxUrl);
        var token = Console.GetEnvironmentVariable(CommonOptions.DropboxTokenVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : GetValue(_options.DropboxToken);
        if (repo is not null && (folder ?? url?.ToString() ?? GetValue(_options.DropboxToken)) is not null)
        {
            throw Usage("Give either --repo or the --dropbox-* options, not both.");
        }

        if (repo is not null)
        {
            _connection = StoreConnection.Local(repo);
        }
        else if (folder is not null)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw Usage($"A Dropbox set needs a token: pass --dropbox-token or set {CommonOptions.DropboxTokenVariable}.");
            }

            if (!folder.StartsWith('/') || folder.Contains("//", StringComparison.Ordinal) || folder == "/")
            {
                throw Usage("--dropbox-folder is an absolute Dropbox folder such as /RetroGrid/office.");
            }

            _connection = StoreConnection.Dropbox(url, token, folder);
        }
        else
        {
            throw Usage("Say where the backup set is: --repo DIR, or --dropbox-folder /PATH with a token.");
        }

        return _connection.Store;
    }

    public string ReadPassphrase(bool confirm) => PassphraseReader.Read(Console, GetValue(_options.PassphraseFile), confirm);

    /// <summary>Opens the set at the target with the passphrase; a target without a set is RG2053, a wrong passphrase RG2003.</summary>
    public async Task<BackupSet> OpenSetAsync(CancellationToken cancellationToken)
    {
        var store = ConnectStore();
        if (!await HoldsSetAsync(store, cancellationToken))
        {
            throw new CliException(AgentErrorCodes.NoBackupSet, $"There is no backup set at {StoreDescription}.");
        }

        return await BackupSet.OpenAsync(store, ReadPassphrase(confirm: false), cancellationToken);
    }

    public static async Task<bool> HoldsSetAsync(IBackupStore store, CancellationToken cancellationToken)
    {
        await foreach (var _ in store.ListAsync(BackupObjectKind.Config, cancellationToken))
        {
            return true;
        }

        return false;
    }

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
    }

    public IAnsiConsole CreateAnsiConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Out),
        Interactive = Console.IsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        Ansi = Console.IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
    });

    public void Dispose() => _connection?.Dispose();

    private static CliException Usage(string detail) => new(AgentErrorCodes.InvalidArguments, detail, ExitCodes.Usage);
}
