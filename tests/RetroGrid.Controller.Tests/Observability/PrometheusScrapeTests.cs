using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RetroGrid.Deploy.Tests;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// A real Prometheus (Debian's package; CI installs it) scrapes a running controller over TLS with the controller's
/// CA, and a RetroGrid metric comes back through Prometheus's HTTP API.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_ScrapesTheController_AndAnswersARetroGridMetric()
    {
        var prometheus = ExternalTool.Require("prometheus", "apt-get install prometheus (.ci/run does).");
        await using var env = await Env.StartAsync(redirect: false);
        var setId = await env.CreateLinkedSetAsync("office");
        using var directory = new TempDirectory();
        File.Copy(env.Controller.Paths.CaCertificate, Path.Join(directory.Path, "ca.crt"));
        var config = Path.Join(directory.Path, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: retrogrid-controller
                scheme: https
                tls_config:
                  ca_file: {Path.Join(directory.Path, "ca.crt")}
                static_configs:
                  - targets: ["{env.Controller.Host.BaseAddress.Authority}"]
            """);
        var port = FreePort();
        using var process = Process.Start(new ProcessStartInfo(prometheus)
        {
            ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={Path.Join(directory.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardError = true,
        })!;
        var log = process.StandardError.ReadToEndAsync(Ct);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var value = await PollAsync(async () =>
            {
                using var answer = JsonDocument.Parse(await http.GetStringAsync($"api/v1/query?query=retrogrid_set_stored_bytes{{retrogrid_set_id=\"{setId}\"}}", Ct));
                var result = answer.RootElement.GetProperty("data").GetProperty("result");
                return result.GetArrayLength() == 1 ? result[0].GetProperty("value")[1].GetString() : null;
            });

            Assert.Equal("0", value);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).DefaultTimeout();
            TestContext.Current.TestOutputHelper?.WriteLine(await log);
        }
    }

    /// <summary>Asks until there is an answer: Prometheus needs a moment to start, then a scrape interval.</summary>
    private static async Task<string> PollAsync(Func<Task<string?>> ask)
    {
        using var deadline = new CancellationTokenSource(RetroGrid.Testing.TaskExtensions.DefaultTimeoutSpan);
        while (true)
        {
            try
            {
                if (await ask() is { } answer)
                {
                    return answer;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
