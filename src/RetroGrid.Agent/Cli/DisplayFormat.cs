using System.Globalization;
using System.Text;
using RetroGrid.Core.Formats;

namespace RetroGrid.Agent.Cli;

/// <summary>How sizes, times and modes are shown to people (invariant culture, so output is the same everywhere).</summary>
internal static class DisplayFormat
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static DateTimeOffset FromUnixNs(long unixNs) => DateTimeOffset.UnixEpoch.AddTicks(unixNs / 100);

    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    public static string Rate(double bytesPerSecond) => Bytes((long)bytesPerSecond) + "/s";

    public static string Duration(TimeSpan? duration) =>
        duration is { } d ? d.ToString(d.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "--:--";

    /// <summary><c>ls -l</c> style: the type letter, then rwx triplets with setuid/setgid/sticky.</summary>
    public static string Mode(NodeKind kind, uint mode)
    {
        var text = new StringBuilder(10);
        text.Append(kind switch
        {
            NodeKind.Directory => 'd',
            NodeKind.Symlink => 'l',
            NodeKind.Other => '?',
            _ => '-',
        });
        ReadOnlySpan<char> letters = ['r', 'w', 'x'];
        for (var bit = 8; bit >= 0; bit--)
        {
            text.Append((mode & (1u << bit)) != 0 ? letters[(8 - bit) % 3] : '-');
        }

        ApplySpecial(text, mode, 0x800, 3, 's');
        ApplySpecial(text, mode, 0x400, 6, 's');
        ApplySpecial(text, mode, 0x200, 9, 't');
        return text.ToString();
    }

    public static string Kind(NodeKind kind) => kind switch
    {
        NodeKind.File => "file",
        NodeKind.Directory => "dir",
        NodeKind.Symlink => "symlink",
        _ => "other",
    };

    private static void ApplySpecial(StringBuilder text, uint mode, uint flag, int position, char letter)
    {
        if ((mode & flag) != 0)
        {
            text[position] = text[position] == 'x' ? letter : char.ToUpperInvariant(letter);
        }
    }
}
