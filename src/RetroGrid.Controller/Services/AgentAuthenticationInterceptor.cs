using Grpc.Core;
using Grpc.Core.Interceptors;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Security;

namespace RetroGrid.Controller.Services;

/// <summary>
/// mTLS for the agent API: every call but Enroll must present a client certificate this controller's CA issued, for an
/// agent the catalog holds and has not revoked — checked on every call, so a revocation refuses the very next one.
/// </summary>
internal sealed class AgentAuthenticationInterceptor(CertificateAuthority authority, AgentRegistry agents, TimeProvider time) : Interceptor
{
    private const string EnrollMethod = "/retrogrid.v1.AgentService/Enroll";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (context.Method == EnrollMethod)
        {
            return;
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var agentId = authority.AgentIdOf(certificate, time.GetUtcNow());
        if (agentId is null || !await agents.IsActiveAsync(agentId, context.CancellationToken))
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, ControllerErrorCodes.AgentNotRecognized);
        }

        CallerIdentity.SetAgent(context, agentId);
    }
}
