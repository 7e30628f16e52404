using System.CommandLine;
using System.CommandLine.Parsing;

namespace RetroGrid.Agent.Cli;

/// <summary>Options every command takes: where the set is, how to get its passphrase, and the output format.</summary>
internal sealed class CommonOptions
{
    public const string PassphraseVariable = "RETROGRID_PASSPHRASE";
    public const string DropboxTokenVariable = "RETROGRID_DROPBOX_TOKEN";

    public Option<string?> Repo { get; } = new("--repo")
    {
        Description = "A backup set in a local folder.",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<Uri?> DropboxUrl { get; } = new("--dropbox-url")
    {
        Description = "Base address of the Dropbox API, content and authorize hosts (default: the real Dropbox hosts).",
        HelpName = "URL",
        Recursive = true,
        CustomParser = ParseBaseAddress,
    };

    public Option<string?> DropboxToken { get; } = new("--dropbox-token")
    {
        Description = $"Dropbox access token (or set {DropboxTokenVariable}).",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> DropboxFolder { get; } = new("--dropbox-folder")
    {
        Description = "A backup set in this Dropbox folder, e.g. /RetroGrid/office.",
        HelpName = "/PATH",
        Recursive = true,
    };

    public Option<FileInfo?> PassphraseFile { get; } = new("--passphrase-file")
    {
        Description = $"Read the set's passphrase from the first line of FILE (default: {PassphraseVariable}, else ask).",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one machine-readable JSON document to stdout; progress goes to stderr.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Repo);
        root.Add(DropboxUrl);
        root.Add(DropboxToken);
        root.Add(DropboxFolder);
        root.Add(PassphraseFile);
        root.Add(Json);
    }

    private static Uri? ParseBaseAddress(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        result.AddError($"--dropbox-url takes an absolute http or https address, not '{text}'.");
        return null;
    }
}
