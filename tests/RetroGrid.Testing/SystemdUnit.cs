namespace RetroGrid.Testing;

/// <summary>
/// A systemd unit file as systemd reads it, as far as our tests need: sections, <c>Key=value</c> lines (a key may
/// repeat), <c>#</c> and <c>;</c> comments, lines continued by a trailing backslash, and ExecStart split into words.
/// </summary>
public sealed class SystemdUnit
{
    private readonly List<(string Section, string Key, string Value)> _entries;

    private SystemdUnit(List<(string Section, string Key, string Value)> entries) => _entries = entries;

    public static SystemdUnit Load(string path) => Parse(File.ReadAllText(path));

    public static SystemdUnit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<(string, string, string)>();
        var section = string.Empty;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                line = string.Concat(line.AsSpan(0, line.Length - 1), " ", lines[++i].Trim());
            }

            if (line[0] == '[')
            {
                section = line.Trim('[', ']');
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Line {i + 1} is neither a section, a comment nor Key=value: {line}");
            }

            entries.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return new SystemdUnit(entries);
    }

    public IReadOnlyList<string> Sections => [.. _entries.Select(e => e.Section).Distinct(StringComparer.Ordinal)];

    /// <summary>Every value of the key in the section, in order.</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        [.. _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value)];

    /// <summary>The key's value in the section (the last one, as systemd takes it for single-valued keys), or null.</summary>
    public string? this[string section, string key] => All(section, key) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>[Service] ExecStart= split into words as systemd does for plain and double-quoted words.</summary>
    public IReadOnlyList<string> ExecStart => SplitWords(this["Service", "ExecStart"] ?? throw new InvalidOperationException("The unit has no ExecStart."));

    /// <summary>
    /// ExecStart's arguments after the program, each option of <paramref name="values"/> given that value instead
    /// (added at the end if the unit does not give it): the unit's command, pointed at a test's directories and ports.
    /// </summary>
    public string[] ExecStartArguments(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arguments = ExecStart.Skip(1).ToList();
        foreach (var (option, value) in values)
        {
            var at = arguments.IndexOf(option);
            if (at < 0)
            {
                arguments.AddRange([option, value]);
            }
            else
            {
                arguments[at + 1] = value;
            }
        }

        return [.. arguments];
    }

    /// <summary>A systemd time span such as "45s", "10min", "500ms" or "90" (seconds).</summary>
    public static TimeSpan ParseTimeSpan(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = value.TakeWhile(char.IsAsciiDigit).Count();
        var number = long.Parse(value.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
        return value[digits..].Trim() switch
        {
            "" or "s" or "sec" => TimeSpan.FromSeconds(number),
            "ms" or "msec" => TimeSpan.FromMilliseconds(number),
            "m" or "min" => TimeSpan.FromMinutes(number),
            "h" or "hr" => TimeSpan.FromHours(number),
            var unit => throw new FormatException($"Unknown time unit '{unit}' in {value}."),
        };
    }

    public static IReadOnlyList<string> SplitWords(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var inWord = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quoted)
        {
            throw new FormatException($"Unbalanced quotes in: {command}");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>
    /// Runs <c>systemd-analyze verify</c> on a copy of the unit whose ExecStart program is swapped for one that exists
    /// here (the real one lives in /opt on a server), and returns what it printed: empty when systemd accepts every
    /// section, key and value. Null when systemd-analyze is not installed.
    /// </summary>
    public static async Task<string?> VerifyAsync(string path, CancellationToken cancellationToken)
    {
        const string Analyze = "/usr/bin/systemd-analyze";
        if (!OperatingSystem.IsLinux() || !File.Exists(Analyze))
        {
            return null;
        }

        using var directory = new TempDirectory();
        var unit = Load(path);
        var program = unit.ExecStart[0];
        var copy = Path.Join(directory.Path, Path.GetFileName(path));
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        await File.WriteAllTextAsync(copy, text.Replace($"ExecStart={program} ", "ExecStart=/bin/true ", StringComparison.Ordinal), cancellationToken);
        var start = new System.Diagnostics.ProcessStartInfo(Analyze) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("verify");
        start.ArgumentList.Add(copy);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).DefaultTimeout();
        return $"{await output}{await error}" + (process.ExitCode == 0 ? string.Empty : $"(exit code {process.ExitCode})");
    }
}
