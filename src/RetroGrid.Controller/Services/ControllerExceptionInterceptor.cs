using Grpc.Core;
using Grpc.Core.Interceptors;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Services;

/// <summary>Turns the controller's coded failures into gRPC statuses with the RetroGrid code and next step in the trailers.</summary>
internal sealed class ControllerExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (ControllerException ex)
        {
            throw RpcErrors.Create(StatusOf(ex.Code), ex.Code);
        }
        catch (DropboxApiException ex)
        {
            throw RpcErrors.Create(StatusCode.Unavailable, ex.Code);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (ControllerException ex)
        {
            throw RpcErrors.Create(StatusOf(ex.Code), ex.Code);
        }
        catch (DropboxApiException ex)
        {
            throw RpcErrors.Create(StatusCode.Unavailable, ex.Code);
        }
    }

    private static StatusCode StatusOf(RetroGridErrorCode code) => code.Code switch
    {
        "RG3023" => StatusCode.NotFound,
        "RG3021" => StatusCode.InvalidArgument,
        _ => StatusCode.FailedPrecondition,
    };
}
