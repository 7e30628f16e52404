namespace RetroGrid.Rgctl;

/// <summary>
/// An aligned table with a header row, as <c>kubectl get</c> and <c>docker ps</c> print them: columns two spaces apart,
/// sized to their widest cell. Given a width (a terminal), the shrinkable columns give up room, their cells cut with an
/// ellipsis; without one (a pipe) nothing is ever cut.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    // A shrinkable column keeps at least this much, so a cut value still says what it was.
    private const int MinShrunkWidth = 12;

    private readonly TextColumn[] _columns;
    private readonly List<string[]> _rows = [];

    public TextTable(params TextColumn[] columns)
    {
        _columns = columns;
    }

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != _columns.Length)
        {
            throw new ArgumentException($"A row needs {_columns.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public IEnumerable<string> Render(int? width, bool unicode)
    {
        var widths = _columns.Select((c, i) => _rows.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        if (width is { } limit)
        {
            Fit(widths, limit);
        }

        yield return Line(_columns.Select(c => c.Header).ToArray(), widths, unicode);
        foreach (var row in _rows)
        {
            yield return Line(row, widths, unicode);
        }
    }

    private void Fit(int[] widths, int limit)
    {
        var excess = widths.Sum() + (Gap.Length * (widths.Length - 1)) - limit;
        while (excess > 0)
        {
            // Take from the widest shrinkable column first, so several long columns end up evenly cut.
            var widest = -1;
            for (var i = 0; i < widths.Length; i++)
            {
                var floor = Math.Max(MinShrunkWidth, _columns[i].Header.Length);
                if (_columns[i].Shrinkable && widths[i] > floor && (widest < 0 || widths[i] > widths[widest]))
                {
                    widest = i;
                }
            }

            if (widest < 0)
            {
                // Nothing more to give: the terminal wraps the rest, which still beats cutting ids.
                return;
            }

            widths[widest]--;
            excess--;
        }
    }

    private string Line(string[] cells, int[] widths, bool unicode)
    {
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = Display.Truncate(cells[i], widths[i], unicode);
            parts[i] = _columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]);
        }

        return string.Join(Gap, parts).TrimEnd();
    }
}
