using Grpc.Core;
using RetroGrid.Contracts.V1;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Enrollment with one-time tokens, mTLS on every later call, and revocation — over real loopback TLS.</summary>
public sealed class EnrollmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enroll_WithFreshToken_GivesACertificateThatConnects()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { ValidForSeconds = 3600 }, cancellationToken: Ct);

        var enrolled = await controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct);

        Assert.StartsWith("agt-", enrolled.AgentId, StringComparison.Ordinal);
        using var certificate = keys.ClientCertificate(enrolled.CertificatePem);
        Assert.Equal($"CN={enrolled.AgentId}", certificate.Subject);
        using var call = controller.Agent(certificate).Connect(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(Hello(), Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct).DefaultTimeout());
        Assert.Equal(enrolled.AgentId, call.ResponseStream.Current.Welcome.AgentId);
        var listed = Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents);
        Assert.Equal((enrolled.AgentId, "ws-042", true, false), (listed.Id, listed.HostName, listed.Online, listed.Revoked));
    }

    [Fact]
    public async Task Enroll_TokenUsedTwice_SecondRefusedWithCode()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        await controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct).ResponseAsync.DefaultTimeout());

        AssertCode(refused, StatusCode.PermissionDenied, "RG3010");
        Assert.Single((await controller.Admin().ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct)).Agents);
    }

    [Fact]
    public async Task Enroll_TokenExpired_Refused()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { ValidForSeconds = 60 }, cancellationToken: Ct);
        controller.Time.Advance(TimeSpan.FromSeconds(61));

        var refused = await Assert.ThrowsAsync<RpcException>(() => controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct).ResponseAsync.DefaultTimeout());

        AssertCode(refused, StatusCode.PermissionDenied, "RG3010");
    }

    [Fact]
    public async Task Enroll_GarbledCsr_RefusedAndTokenStillUsable()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var garbled = Enrollment(token.Token, keys);
        var csr = garbled.CsrDer.ToByteArray();
        csr[^3] ^= 0x40;
        garbled.CsrDer = Google.Protobuf.ByteString.CopyFrom(csr);

        var refused = await Assert.ThrowsAsync<RpcException>(() => controller.Agent().EnrollAsync(garbled, cancellationToken: Ct).ResponseAsync.DefaultTimeout());

        AssertCode(refused, StatusCode.InvalidArgument, "RG3011");
        var enrolled = await controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct);
        Assert.NotEmpty(enrolled.AgentId);
    }

    [Fact]
    public async Task Connect_WithoutClientCertificate_Refused()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var call = controller.Agent().Connect(cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Ct).DefaultTimeout());

        AssertCode(refused, StatusCode.Unauthenticated, "RG3012");
    }

    [Fact]
    public async Task RevokeAgent_EndsItsSessionAndRefusesItsNextCall()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);
        using var keys = new AgentKeys();
        var token = await controller.Admin().CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest(), cancellationToken: Ct);
        var enrolled = await controller.Agent().EnrollAsync(Enrollment(token.Token, keys), cancellationToken: Ct);
        using var certificate = keys.ClientCertificate(enrolled.CertificatePem);
        var agent = controller.Agent(certificate);
        using var session = agent.Connect(cancellationToken: Ct);
        await session.RequestStream.WriteAsync(Hello(), Ct);
        Assert.True(await session.ResponseStream.MoveNext(Ct).DefaultTimeout());

        var revoked = await controller.Admin().RevokeAgentAsync(new RevokeAgentRequest { AgentId = enrolled.AgentId }, cancellationToken: Ct);

        Assert.True(revoked.Revoked);
        AssertCode(await Assert.ThrowsAsync<RpcException>(() => session.ResponseStream.MoveNext(Ct).DefaultTimeout()), StatusCode.Unauthenticated, "RG3012");
        using var again = agent.Connect(cancellationToken: Ct);
        AssertCode(await Assert.ThrowsAsync<RpcException>(() => again.ResponseStream.MoveNext(Ct).DefaultTimeout()), StatusCode.Unauthenticated, "RG3012");
    }

    [Fact]
    public async Task AdminCall_WithoutOrWithWrongCredential_RefusedWithCode()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);

        var none = await Assert.ThrowsAsync<RpcException>(() => controller.Admin(credential: "").ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct).ResponseAsync.DefaultTimeout());
        var wrong = await Assert.ThrowsAsync<RpcException>(() => controller.Admin(credential: "rg-admin-0000").ListAgentsAsync(new ListAgentsRequest(), cancellationToken: Ct).ResponseAsync.DefaultTimeout());

        AssertCode(none, StatusCode.Unauthenticated, "RG3013");
        AssertCode(wrong, StatusCode.Unauthenticated, "RG3013");
    }

    [Fact]
    public async Task CreateEnrollmentToken_LongerThanAWeek_Refused()
    {
        await using var controller = await ControllerFixture.StartAsync(Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => controller.Admin()
            .CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest { ValidForSeconds = 8 * 24 * 3600 }, cancellationToken: Ct).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    private static EnrollRequest Enrollment(string token, AgentKeys keys) => new()
    {
        EnrollmentToken = token,
        CsrDer = Google.Protobuf.ByteString.CopyFrom(keys.CertificateSigningRequest()),
        HostName = "ws-042",
        Os = "Debian GNU/Linux 12 (x64)",
        AgentVersion = "1.0.0",
    };

    private static AgentMessage Hello() => new() { Hello = new AgentHello { HostName = "ws-042", Os = "Debian GNU/Linux 12 (x64)", AgentVersion = "1.0.0" } };

    private static void AssertCode(RpcException exception, StatusCode status, string code)
    {
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(code, exception.Trailers.GetValue("retrogrid-error-code"));
        Assert.NotEmpty(exception.Trailers.GetValue("retrogrid-next-step") ?? "");
    }
}
