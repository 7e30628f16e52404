using System.Text.Json;
using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Faults;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>The unauthenticated control surface under <c>/__emulator/</c> for tests and benchmarks.</summary>
internal static class TestEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorServices services)
    {
        var group = app.MapGroup("/__emulator");
        group.MapGet("/health", (HttpContext c) => Json(c, new JsonObject { ["status"] = "ok" }));
        group.MapPost("/reset", (HttpContext c) =>
        {
            services.Reset();
            return Json(c, new JsonObject { ["status"] = "ok" });
        });
        group.MapPost("/unlink", (HttpContext c) =>
        {
            services.Tokens.UnlinkAll();
            return Json(c, new JsonObject { ["status"] = "ok" });
        });
        group.MapGet("/quota", (HttpContext c) => Json(c, Quota(services)));
        group.MapPost("/quota", async (HttpContext c) =>
        {
            var body = await ReadAsync(c) as JsonObject;
            if (body is not null && body.TryGetPropertyValue("quota_bytes", out var quota)
                && (quota is null || quota.GetValueKind() == JsonValueKind.Number))
            {
                services.Files.QuotaBytes = quota?.GetValue<long>();
                await Json(c, Quota(services));
                return;
            }

            await BadRequestAsync(c, "expected {\"quota_bytes\": number or null}");
        });
        group.MapGet("/faults", (HttpContext c) => Json(c, FaultsJson(services)));
        group.MapPost("/faults", async (HttpContext c) =>
        {
            var body = await ReadAsync(c);
            var rules = new List<FaultRule>();
            try
            {
                foreach (var node in body?["rules"]?.AsArray() ?? [])
                {
                    var rule = node.Deserialize(EmulatorJsonContext.Default.FaultRule);
                    if (rule is null || !FaultInjector.Kinds.Contains(rule.Fault))
                    {
                        await BadRequestAsync(c, $"unknown fault '{rule?.Fault}'");
                        return;
                    }

                    rules.Add(rule);
                }

                var seed = body?["seed"] is { } seedNode && seedNode.GetValueKind() == JsonValueKind.Number ? seedNode.GetValue<int>() : (int?)null;
                services.Faults.Replace(rules, seed);
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                await BadRequestAsync(c, "expected {\"seed\": n, \"rules\": [...]}");
                return;
            }

            await Json(c, FaultsJson(services));
        });
        group.MapDelete("/faults", (HttpContext c) =>
        {
            services.Faults.Clear();
            return Json(c, FaultsJson(services));
        });
        group.MapGet("/counters", (HttpContext c) => Json(c, services.Counters.ToJson()));
        group.MapPost("/counters/reset", (HttpContext c) =>
        {
            services.Counters.Reset();
            return Json(c, services.Counters.ToJson());
        });
    }

    private static JsonObject Quota(EmulatorServices services) => new()
    {
        ["quota_bytes"] = services.Files.QuotaBytes,
        ["used_bytes"] = services.Files.UsedBytes,
    };

    private static JsonObject FaultsJson(EmulatorServices services)
    {
        var rules = new JsonArray();
        foreach (var rule in services.Faults.Snapshot())
        {
            rules.Add(JsonSerializer.SerializeToNode(rule, EmulatorJsonContext.Default.FaultRule));
        }

        return new JsonObject { ["seed"] = services.Faults.Seed, ["rules"] = rules };
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Json(HttpContext context, JsonNode body) =>
        ApiResponses.WriteJsonAsync(context, body, StatusCodes.Status200OK, context.RequestAborted);

    private static Task BadRequestAsync(HttpContext context, string message) =>
        ApiResponses.WriteTextAsync(context, message, StatusCodes.Status400BadRequest, context.RequestAborted);
}
