namespace RetroGrid.Controller.Sets;

/// <summary>
/// The sets this controller is recycling or rebuilding right now. The scheduler starts no verify or groom of such a
/// set: its packs and snapshots are being emptied or replaced under it.
/// </summary>
internal sealed class BusySets
{
    private readonly Dictionary<string, int> _busy = new(StringComparer.Ordinal);

    public bool IsBusy(string setId)
    {
        lock (_busy)
        {
            return _busy.ContainsKey(setId);
        }
    }

    /// <summary>Marks the set busy until the result is disposed (marks nest).</summary>
    public IDisposable Enter(string setId)
    {
        lock (_busy)
        {
            _busy[setId] = _busy.GetValueOrDefault(setId) + 1;
        }

        return new Mark(this, setId);
    }

    private void Leave(string setId)
    {
        lock (_busy)
        {
            if (--_busy[setId] == 0)
            {
                _busy.Remove(setId);
            }
        }
    }

    private sealed class Mark(BusySets owner, string setId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(setId);
            }
        }
    }
}
