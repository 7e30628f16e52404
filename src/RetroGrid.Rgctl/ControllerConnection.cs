using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using RetroGrid.Contracts;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Rgctl;

/// <summary>
/// rgctl's link to the controller: TLS trusting only the controller's CA, and the admin credential on every call.
/// On the controller's machine, `--data-dir` supplies all three (the address defaults to https://127.0.0.1:7443/).
/// </summary>
internal sealed class ControllerConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly X509Certificate2 _ca;

    public ControllerConnection(Uri controller, string caFile, string credential)
    {
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 server && ControllerTrust.IssuedBy(server, _ca);
        _channel = GrpcChannel.ForAddress(controller, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Admin = new AdminService.AdminServiceClient(_channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        }));
    }

    public AdminService.AdminServiceClient Admin { get; }

    public void Dispose()
    {
        _channel.Dispose();
        _ca.Dispose();
    }
}
