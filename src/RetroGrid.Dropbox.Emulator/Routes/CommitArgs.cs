using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>Parses <c>CommitInfo</c> (reference §6.2), shared by files/upload and the finish routes.</summary>
internal static class CommitArgs
{
    private static readonly string[] Modes = ["add", "overwrite", "update"];

    public static CommitRequest Parse(ArgReader args)
    {
        var path = args.RequiredPath("path", PathPatterns.WriteOrId);
        var (mode, body) = args.Union("mode", "add", Modes);
        string? rev = null;
        if (mode == "update")
        {
            // "mode":"update" is not valid shorthand: update carries a rev.
            rev = body is { } update ? update.OptionalRev("update") : null;
            if (rev is null)
            {
                throw ApiErrorException.BadInput("mode: update requires a rev");
            }
        }

        return new CommitRequest(
            path,
            mode,
            rev,
            args.Bool("autorename", false),
            args.Bool("strict_conflict", false),
            args.OptionalTimestamp("client_modified"));
    }
}
