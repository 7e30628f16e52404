using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>An enrolled agent driven message by message from a test: real certificate, real Connect stream.</summary>
internal sealed class ScriptedAgent : IDisposable
{
    private readonly AgentKeys _keys;
    private readonly X509Certificate2 _certificate;
    private AsyncDuplexStreamingCall<AgentMessage, ControllerMessage>? _call;

    private ScriptedAgent(AgentKeys keys, X509Certificate2 certificate, string id, AgentService.AgentServiceClient client)
    {
        _keys = keys;
        _certificate = certificate;
        Id = id;
        Client = client;
    }

    public string Id { get; }

    public AgentService.AgentServiceClient Client { get; }

    public static async Task<ScriptedAgent> EnrollAsync(ControllerFixture controller, CancellationToken cancellationToken)
    {
        var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: cancellationToken);
        var enrolled = await controller.Agent().EnrollAsync(
            new EnrollRequest { EnrollmentToken = token.Token, CsrDer = Google.Protobuf.ByteString.CopyFrom(keys.CertificateSigningRequest()), HostName = "ws-7", Os = "test", AgentVersion = "1.0.0" },
            cancellationToken: cancellationToken);
        var certificate = keys.ClientCertificate(enrolled.CertificatePem);
        return new ScriptedAgent(keys, certificate, enrolled.AgentId, controller.Agent(certificate));
    }

    /// <summary>Opens a session (ending the previous one) and waits for the welcome.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken, params string[] runningJobIds)
    {
        _call?.Dispose();
        _call = Client.Connect(cancellationToken: cancellationToken);
        var hello = new AgentHello { HostName = "ws-7", Os = "test", AgentVersion = "1.0.0" };
        hello.RunningJobIds.AddRange(runningJobIds);
        await _call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, cancellationToken);
        var welcome = await NextAsync(cancellationToken);
        Assert.Equal(ControllerMessage.KindOneofCase.Welcome, welcome.KindCase);
    }

    public async Task<ControllerMessage> NextAsync(CancellationToken cancellationToken)
    {
        var call = _call ?? throw new InvalidOperationException("Not connected.");
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken).DefaultTimeout(), "the controller ended the session");
        return call.ResponseStream.Current;
    }

    public Task SendAsync(AgentMessage message, CancellationToken cancellationToken) =>
        (_call ?? throw new InvalidOperationException("Not connected.")).RequestStream.WriteAsync(message, cancellationToken);

    public void Dispose()
    {
        _call?.Dispose();
        _certificate.Dispose();
        _keys.Dispose();
    }
}
