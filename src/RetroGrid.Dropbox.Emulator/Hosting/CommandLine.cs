using System.Globalization;

namespace RetroGrid.Dropbox.Emulator;

/// <summary>Parses the emulator's command line into <see cref="EmulatorOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: RetroGrid.Dropbox.Emulator [options]
          --port N                        TCP port on 127.0.0.1 (0 = any free port; default 0)
          --data-dir DIR                  state directory that survives restarts (default: a fresh temp dir)
          --app-key KEY                   app key (default retrogrid-dev)
          --auto-approve                  answer /oauth2/authorize at once instead of showing Allow / Deny
          --access-token-lifetime SECONDS lifetime of short-lived access tokens (default 14400)
          --legacy-token TOKEN            a long-lived token with every scope (repeatable)
          --quota BYTES                   account quota (default unlimited)
          --write-concurrency N           namespace write-lock slots (default 1)
          --rate-limit N                  requests per second per token (default 0 = unlimited)
          --fault ROUTE:FAULT[:PROBABILITY[:COUNT]]  inject a fault (repeatable), e.g. files/upload:http_503:0.5:3
          --fault-seed N                  seed for probabilistic faults
          --help                          show this text
        Faults: too_many_requests, too_many_write_operations, too_many_requests_text, http_500, http_503,
                connection_reset, latency (ROUTE:latency:MS[:PROBABILITY[:COUNT]]), lost_response.
        """;

    /// <summary>The options, or null with <paramref name="error"/> set (empty error = --help).</summary>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new EmulatorOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                error = "";
                return null;
            }

            if (name == "--auto-approve")
            {
                options.AutoApprove = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"Missing value for {name}.";
                return null;
            }

            var value = args[++i];
            var ok = name switch
            {
                "--port" => TryInt(value, 0, 65535, v => options.Port = v),
                "--data-dir" => Set(() => options.DataDir = value),
                "--app-key" => Set(() => options.AppKey = value),
                "--access-token-lifetime" => TryInt(value, 1, int.MaxValue, v => options.AccessTokenLifetime = TimeSpan.FromSeconds(v)),
                "--legacy-token" => Set(() => options.LegacyTokens.Add(value)),
                "--quota" => TryLong(value, v => options.QuotaBytes = v),
                "--write-concurrency" => TryInt(value, 1, 10_000, v => options.WriteConcurrency = v),
                "--rate-limit" => TryInt(value, 0, int.MaxValue, v => options.RequestsPerSecondPerToken = v),
                "--fault-seed" => TryInt(value, int.MinValue, int.MaxValue, v => options.FaultSeed = v),
                "--fault" => TryFault(value, options),
                _ => false,
            };
            if (!ok)
            {
                error = $"Invalid option or value: {name} {value}";
                return null;
            }
        }

        return options;
    }

    private static bool Set(Action action)
    {
        action();
        return true;
    }

    private static bool TryInt(string value, int min, int max, Action<int> set)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            return false;
        }

        set(parsed);
        return true;
    }

    private static bool TryLong(string value, Action<long> set)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        set(parsed);
        return true;
    }

    /// <summary>ROUTE:FAULT[:PROBABILITY[:COUNT]]; for latency ROUTE:latency:MS[:PROBABILITY[:COUNT]]. Routes contain '/', never ':'.</summary>
    private static bool TryFault(string value, EmulatorOptions options)
    {
        var parts = value.Split(':');
        if (parts.Length < 2 || !Faults.FaultInjector.Kinds.Contains(parts[1]) || parts[0].Length == 0)
        {
            return false;
        }

        var rule = new FaultRule { Route = parts[0], Fault = parts[1] };
        var next = 2;
        if (rule.Fault == "latency")
        {
            if (parts.Length <= next || !int.TryParse(parts[next], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                return false;
            }

            rule.LatencyMs = ms;
            next++;
        }

        if (parts.Length > next)
        {
            if (!double.TryParse(parts[next], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) || probability is < 0 or > 1)
            {
                return false;
            }

            rule.Probability = probability;
            next++;
        }

        if (parts.Length > next)
        {
            if (!int.TryParse(parts[next], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                return false;
            }

            rule.Count = count;
            next++;
        }

        if (parts.Length > next)
        {
            return false;
        }

        options.Faults.Add(rule);
        return true;
    }
}
