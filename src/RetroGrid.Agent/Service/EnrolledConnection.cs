using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>A connection to the controller as this enrolled agent: its CA pinned, its client certificate presented.</summary>
internal sealed class EnrolledConnection : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _certificate;
    private readonly GrpcChannel _channel;

    private EnrolledConnection(AgentIdentity identity, X509Certificate2 ca, X509Certificate2 certificate)
    {
        Identity = identity;
        _ca = ca;
        _certificate = certificate;
        _channel = ControllerChannels.ForAgent(identity.Controller, ca, certificate);
        Client = new AgentService.AgentServiceClient(_channel);
    }

    public AgentIdentity Identity { get; }

    public AgentService.AgentServiceClient Client { get; }

    public static async Task<EnrolledConnection> OpenAsync(AgentStateDirectory state, CancellationToken cancellationToken)
    {
        ControllerSession.ThrowIfNotEnrolled(state);
        var identity = AgentIdentity.Load(state);
        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(state.CaCertificate, cancellationToken));
        return new EnrolledConnection(identity, ca, LoadClientCertificate(state));
    }

    public static X509Certificate2 LoadClientCertificate(AgentStateDirectory state)
    {
        using var pem = X509Certificate2.CreateFromPemFile(state.Certificate, state.Key);
        // Through PKCS#12: TLS on some platforms cannot use a key that lives only in memory.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
        _ca.Dispose();
    }
}
