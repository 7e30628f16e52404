using Grpc.Core;
using Grpc.Core.Interceptors;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Security;

namespace RetroGrid.Controller.Services;

/// <summary>The admin API: `authorization: Bearer &lt;credential&gt;` on every call, matched by hash against the catalog.</summary>
internal sealed class AdminAuthenticationInterceptor(AdminCredentialStore credentials) : Interceptor
{
    private const string Scheme = "Bearer ";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        var name = header is not null && header.StartsWith(Scheme, StringComparison.Ordinal)
            ? await credentials.FindNameAsync(Secrets.Hash(header[Scheme.Length..].Trim()), context.CancellationToken)
            : null;
        if (name is null)
        {
            throw RpcErrors.Create(StatusCode.Unauthenticated, ControllerErrorCodes.AdminCredentialInvalid);
        }

        CallerIdentity.SetAdmin(context, name);
    }
}
