using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RetroGrid.Contracts;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Hosting;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// A controller initialised in a temporary directory and running on 127.0.0.1:0 over real TLS, with clients that
/// trust only its CA, as agents and rgctl do. Its clock is fake, started at the real time (certificates are checked
/// by TLS against the real one).
/// </summary>
internal sealed class ControllerFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly List<GrpcChannel> _channels = [];
    private readonly X509Certificate2 _ca;
    private readonly ControllerOptions _options;

    private ControllerFixture(TempDirectory directory, ControllerHost host, ControllerOptions options, FakeTimeProvider time, string adminCredential)
    {
        _directory = directory;
        Host = host;
        _options = options;
        Time = time;
        AdminCredential = adminCredential;
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(Paths.CaCertificate));
    }

    public ControllerHost Host { get; private set; }

    public FakeTimeProvider Time { get; }

    public string AdminCredential { get; }

    public ControllerPaths Paths => new(Path.Join(_directory.Path, "controller"));

    public static async Task<ControllerFixture> StartAsync(CancellationToken cancellationToken, Action<ControllerOptions>? configure = null)
    {
        var directory = new TempDirectory();
        var paths = new ControllerPaths(Path.Join(directory.Path, "controller"));
        var credential = await ControllerInitializer.InitAsync(paths, [], TimeProvider.System, cancellationToken);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var options = new ControllerOptions { DataDir = paths.Root, Port = 0, TimeProvider = time };
        configure?.Invoke(options);
        var host = await ControllerHost.StartAsync(options, cancellationToken);
        return new ControllerFixture(directory, host, options, time, credential);
    }

    /// <summary>
    /// The catalog's bytes as text, write-ahead log included (it holds the latest writes until a checkpoint), for
    /// checking that no secret is stored in clear.
    /// </summary>
    public async Task<string> ReadCatalogTextAsync(CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in new[] { Paths.Catalog, Paths.Catalog + "-wal" }.Where(File.Exists))
        {
            text.Append(System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, cancellationToken)));
        }

        return text.ToString();
    }

    /// <summary>Stops the controller and starts it again on the same data directory and port (an upgrade, a crash).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var port = Host.BaseAddress.Port;
        await Host.DisposeAsync();
        _options.Port = port;
        Host = await ControllerHost.StartAsync(_options, cancellationToken);
    }

    /// <summary>rgctl's view: the admin API with a bearer credential (none: no header).</summary>
    public AdminService.AdminServiceClient Admin(string? credential = null)
    {
        var invoker = Channel(clientCertificate: null).CreateCallInvoker().Intercept(metadata =>
        {
            if ((credential ?? AdminCredential) is { Length: > 0 } value)
            {
                metadata.Add("authorization", $"Bearer {value}");
            }

            return metadata;
        });
        return new AdminService.AdminServiceClient(invoker);
    }

    /// <summary>An agent's view: the agent API, with a client certificate once enrolled.</summary>
    public AgentService.AgentServiceClient Agent(X509Certificate2? clientCertificate = null) => new(Channel(clientCertificate));

    /// <summary>A browser's view: plain HTTPS (HTTP/2) to the controller, trusting its CA.</summary>
    public HttpClient Browser()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, _ca);
        return new HttpClient(handler) { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Host.DisposeAsync();
        _ca.Dispose();
        _directory.Dispose();
    }

    private GrpcChannel Channel(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, _ca);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var channel = GrpcChannel.ForAddress(Host.BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return channel;
    }
}
