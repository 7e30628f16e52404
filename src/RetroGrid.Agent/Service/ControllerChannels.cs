using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using RetroGrid.Contracts;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>
/// gRPC channels to the controller. The controller's certificate is trusted only through its own CA (fetched and
/// checked against its SHA-256 at enrollment, stored afterwards); the system's roots play no part.
/// </summary>
internal static class ControllerChannels
{
    /// <summary>Attempts of a job call while the controller is unavailable (gRPC allows 5 unless the channel raises it).</summary>
    private const int MaxAttempts = 10;

    /// <summary>
    /// The controller's CA from its /ca.crt, accepted only if it hashes to <paramref name="caSha256"/>: the one download
    /// made before anything is trusted, and the hash is what authenticates it.
    /// </summary>
    public static async Task<X509Certificate2> FetchPinnedCaAsync(Uri controller, string caSha256, CancellationToken cancellationToken)
    {
        // The server's certificate cannot be judged before the CA is known: it is kept and judged once the CA is.
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return presented is not null;
        };
        using var http = new HttpClient(handler) { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrHigher };
        var pem = await http.GetStringAsync(new Uri(controller, "ca.crt"), cancellationToken);
        var ca = X509Certificate2.CreateFromPem(pem);
        using var server = presented;
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(ca.RawDataMemory.Span)), caSha256.Trim(), StringComparison.OrdinalIgnoreCase)
            || server is null || !ControllerTrust.IssuedBy(server, ca))
        {
            ca.Dispose();
            throw new AgentServiceException(Cli.AgentErrorCodes.ControllerNotTrusted, "The controller's CA does not match --ca-sha256.");
        }

        return ca;
    }

    /// <summary>A channel trusting only <paramref name="ca"/>, with the agent's certificate once it has one.</summary>
    public static GrpcChannel ForAgent(Uri controller, X509Certificate2 ca, X509Certificate2? clientCertificate) =>
        Create(controller, certificate => ControllerTrust.IssuedBy(certificate, ca), clientCertificate);

    private static GrpcChannel Create(Uri controller, Func<X509Certificate2, bool> trust, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            // The Connect stream lives for hours: pings notice a dead connection (NAT timeouts) long before TCP would.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && trust(server);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        // The job calls are safe to repeat (agent.proto): a controller restarting under a running job costs the job some
        // seconds of retries, not its outcome. gRPC waits a random time up to each back-off, so ten attempts with
        // back-offs doubling from 1 s to 15 s wait about 45 s in all: room for a restart on a busy machine. Not Connect: ControllerSession reconnects by itself, and a stream
        // replayed by the channel would repeat an old hello, whose list of running jobs may be out of date (the
        // controller would then fail a job just sent as lost). Not Enroll: its token works once.
        var retried = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = MaxAttempts,
                InitialBackoff = TimeSpan.FromSeconds(1),
                MaxBackoff = TimeSpan.FromSeconds(15),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in AgentService.Descriptor.Methods.Where(m => m.Name is not ("Connect" or "Enroll")))
        {
            retried.Names.Add(new MethodName { Service = AgentService.Descriptor.FullName, Method = method.Name });
        }

        return GrpcChannel.ForAddress(controller, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,

            // A call cut short by our own token (Ctrl+C, SIGTERM, a service stop) throws OperationCanceledException, not
            // RpcException(Cancelled): a job stopped in the middle of a controller call then ends Cancelled, as it does
            // in the middle of a Dropbox call, instead of Failed with "controller unreachable".
            ThrowOperationCanceledOnCancellation = true,
            ServiceConfig = new ServiceConfig { MethodConfigs = { retried } },
            MaxRetryAttempts = MaxAttempts,
        });
    }
}
