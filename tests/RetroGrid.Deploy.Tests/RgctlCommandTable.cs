using System.Text.RegularExpressions;

namespace RetroGrid.Deploy.Tests;

/// <summary>The commands of docs/rgctl.md's table: each command's words (<c>set link</c>) and the options it takes.</summary>
internal sealed partial class RgctlCommandTable
{
    /// <summary>Options every command takes (docs/rgctl.md, first paragraph).</summary>
    private static readonly string[] GlobalOptions = ["--data-dir", "--ca", "--credential-file", "--controller", "--json"];

    private readonly Dictionary<string, HashSet<string>> _options;

    private RgctlCommandTable(Dictionary<string, HashSet<string>> options) => _options = options;

    public IReadOnlyCollection<string> Commands => _options.Keys;

    public static RgctlCommandTable Load(string markdownPath)
    {
        var options = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(markdownPath).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            // A cell may hold an escaped pipe (\|) between alternatives.
            foreach (Match usage in Backticked().Matches(CellSeparator().Split(line)[1]))
            {
                var words = usage.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var command = string.Join(' ', words.TakeWhile(w => CommandWord().IsMatch(w)));
                if (!options.TryGetValue(command, out var set))
                {
                    options[command] = set = new HashSet<string>(GlobalOptions, StringComparer.Ordinal);
                }

                set.UnionWith(Option().Matches(usage.Groups[1].Value).Select(m => m.Value));
            }
        }

        return new RgctlCommandTable(options);
    }

    /// <summary>
    /// Why a command line (the words after "rgctl") is not one of the table's, or null when it is: its command words
    /// must be a documented command and each --option one that command takes.
    /// </summary>
    public string? Check(string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var command = _options.Keys
            .Where(c => words.Take(c.Split(' ').Length).SequenceEqual(c.Split(' ')))
            .MaxBy(c => c.Length);
        if (command is null)
        {
            return $"rgctl {commandLine}: no such command in docs/rgctl.md";
        }

        var unknown = words.Where(w => w.StartsWith("--", StringComparison.Ordinal) && !_options[command].Contains(w)).ToList();
        return unknown.Count == 0 ? null : $"rgctl {commandLine}: {command} takes no {string.Join(", ", unknown)}";
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSeparator();

    [GeneratedRegex("^[a-z][a-z-]*$")]
    private static partial Regex CommandWord();

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex Option();
}
