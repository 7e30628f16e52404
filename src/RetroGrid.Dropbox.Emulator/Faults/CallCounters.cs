using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Faults;

/// <summary>Calls received per route (faulted calls included), for tests and benchmarks to count commits.</summary>
internal sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Increment(string route) => _counts.AddOrUpdate(route, 1, (_, count) => count + 1);

    public long Get(string route) => _counts.TryGetValue(route, out var count) ? count : 0;

    public void Reset() => _counts.Clear();

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (route, count) in _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json[route] = count;
        }

        return json;
    }
}
