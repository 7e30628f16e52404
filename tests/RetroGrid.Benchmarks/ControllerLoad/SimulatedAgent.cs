using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using RetroGrid.Contracts;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Benchmarks.ControllerLoad;

/// <summary>
/// An agent as the controller sees it, without the engine: enrolled with its own key and client certificate, its own
/// TLS connection, a Connect stream kept open, and the jobs the controller sends remembered.
/// </summary>
internal sealed class SimulatedAgent : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2 _certificate;
    private AsyncDuplexStreamingCall<AgentMessage, ControllerMessage>? _session;

    private SimulatedAgent(string id, GrpcChannel channel, X509Certificate2 certificate)
    {
        Id = id;
        _channel = channel;
        _certificate = certificate;
        Client = new AgentService.AgentServiceClient(channel);
    }

    public string Id { get; }

    public AgentService.AgentServiceClient Client { get; }

    /// <summary>Completed with the first job the controller sends down the stream.</summary>
    public TaskCompletionSource<StartJob> FirstJob { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<SimulatedAgent> EnrollAsync(AgentService.AgentServiceClient enrollment, string enrollmentToken, X509Certificate2 ca, Uri controller, int number)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN=load-{number}", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var enrolled = await enrollment.EnrollAsync(new EnrollRequest
        {
            EnrollmentToken = enrollmentToken,
            CsrDer = Google.Protobuf.ByteString.CopyFrom(csr),
            HostName = $"load-{number}",
            Os = "linux",
            AgentVersion = "load",
        });
        using var issued = X509Certificate2.CreateFromPem(enrolled.CertificatePem);
        var certificate = issued.CopyWithPrivateKey(key);
        return new SimulatedAgent(enrolled.AgentId, Channel(controller, ca, certificate), certificate);
    }

    /// <summary>A channel that trusts only the controller's CA, with a client certificate when given: one TLS connection per agent.</summary>
    public static GrpcChannel Channel(Uri controller, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, ca);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress(controller, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxSendMessageSize = 16 << 20 });
    }

    /// <summary>Opens the Connect stream and waits for the welcome; later messages are read in the background.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _session = Client.Connect(cancellationToken: cancellationToken);
        await _session.RequestStream.WriteAsync(new AgentMessage { Hello = new AgentHello { HostName = Id, Os = "linux", AgentVersion = "load" } }, cancellationToken);
        if (!await _session.ResponseStream.MoveNext(cancellationToken) || _session.ResponseStream.Current.KindCase != ControllerMessage.KindOneofCase.Welcome)
        {
            throw new InvalidOperationException($"Agent {Id} was not welcomed.");
        }

        _ = ReadAsync(_session, cancellationToken);
    }

    public void Dispose()
    {
        _session?.Dispose();
        _channel.Dispose();
        _certificate.Dispose();
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> session, CancellationToken cancellationToken)
    {
        try
        {
            while (await session.ResponseStream.MoveNext(cancellationToken))
            {
                if (session.ResponseStream.Current.StartJob is { } job)
                {
                    FirstJob.TrySetResult(job);
                }
            }
        }
        catch (RpcException)
        {
            // The run is over (the stream was disposed) or the controller went away: nothing more to read.
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
