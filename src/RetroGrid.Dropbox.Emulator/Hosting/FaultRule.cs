using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox.Emulator;

/// <summary>
/// One fault-injection rule. JSON: <c>{"route":"files/upload","fault":"http_503","probability":1.0,"count":2,"latency_ms":0}</c>.
/// </summary>
public sealed class FaultRule
{
    /// <summary>Route without the leading "/2/", e.g. "files/upload_session/append_v2" or "oauth2/token"; "*" = all.</summary>
    [JsonPropertyName("route")]
    public string Route { get; set; } = "*";

    /// <summary>
    /// too_many_requests | too_many_write_operations | too_many_requests_text | http_500 | http_503 |
    /// connection_reset | latency | lost_response.
    /// </summary>
    [JsonPropertyName("fault")]
    public string Fault { get; set; } = "";

    [JsonPropertyName("probability")]
    public double Probability { get; set; } = 1.0;

    /// <summary>Fire on this many matching calls, then the rule removes itself; null = unlimited.</summary>
    [JsonPropertyName("count")]
    public int? Count { get; set; }

    /// <summary>Added delay for the "latency" fault.</summary>
    [JsonPropertyName("latency_ms")]
    public int LatencyMs { get; set; }

    internal FaultRule Clone() => new()
    {
        Route = Route,
        Fault = Fault,
        Probability = Probability,
        Count = Count,
        LatencyMs = LatencyMs,
    };
}
