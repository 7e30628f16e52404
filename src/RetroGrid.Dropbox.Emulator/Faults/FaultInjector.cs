namespace RetroGrid.Dropbox.Emulator.Faults;

/// <summary>
/// The fault rules and the seeded random source that decides probabilistic faults. One lock guards both, so a
/// rule with a count fires exactly that many times even under concurrent calls.
/// </summary>
internal sealed class FaultInjector
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "too_many_requests", "too_many_write_operations", "too_many_requests_text", "http_500", "http_503",
        "connection_reset", "latency", "lost_response",
    };

    private readonly object _sync = new();
    private readonly List<FaultRule> _rules = [];
    private Random _random;

    public FaultInjector(IEnumerable<FaultRule> rules, int? seed)
    {
        Seed = seed;
        _random = seed is { } s ? new Random(s) : new Random();
        _rules.AddRange(rules.Select(r => r.Clone()));
    }

    public int? Seed { get; private set; }

    public IReadOnlyList<FaultRule> Snapshot()
    {
        lock (_sync)
        {
            return _rules.Select(r => r.Clone()).ToList();
        }
    }

    public void Replace(IEnumerable<FaultRule> rules, int? seed)
    {
        lock (_sync)
        {
            _rules.Clear();
            _rules.AddRange(rules.Select(r => r.Clone()));
            if (seed is { } s)
            {
                Seed = s;
                _random = new Random(s);
            }
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _rules.Clear();
        }
    }

    /// <summary>The faults to apply to one call of <paramref name="route"/>: at most one latency and one other.</summary>
    public (FaultRule? Latency, FaultRule? Failure) Draw(string route)
    {
        lock (_sync)
        {
            if (_rules.Count == 0)
            {
                return (null, null);
            }

            FaultRule? latency = null;
            FaultRule? failure = null;
            foreach (var rule in _rules.ToList())
            {
                var isLatency = rule.Fault == "latency";
                if ((isLatency ? latency : failure) is not null || (rule.Route != "*" && rule.Route != route))
                {
                    continue;
                }

                if (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                if (rule.Count is { } count)
                {
                    rule.Count = count - 1;
                    if (rule.Count <= 0)
                    {
                        _rules.Remove(rule);
                    }
                }

                if (isLatency)
                {
                    latency = rule.Clone();
                }
                else
                {
                    failure = rule.Clone();
                }
            }

            return (latency, failure);
        }
    }
}
