namespace RetroGrid.Core.Backup;

/// <summary>
/// Backup excludes: a glob without '/' matches an entry's name (<c>*.tmp</c>, <c>node_modules</c>); one with '/' matches
/// its full path (<c>/home/*/.cache</c>). Paths are compared with '/' separators on every platform.
/// </summary>
internal sealed class ExcludeFilter
{
    private readonly PathGlob[] _globs;

    public ExcludeFilter(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _globs = [.. patterns.Select(p => new PathGlob(p))];
    }

    public bool IsEmpty => _globs.Length == 0;

    public bool IsExcluded(string name, string fullPath)
    {
        if (_globs.Length == 0)
        {
            return false;
        }

        var normalised = Path.DirectorySeparatorChar == '/' ? fullPath : fullPath.Replace(Path.DirectorySeparatorChar, '/');
        foreach (var glob in _globs)
        {
            if (glob.IsMatch(glob.HasSeparator ? normalised : name))
            {
                return true;
            }
        }

        return false;
    }
}
