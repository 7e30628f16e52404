using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Faults;

/// <summary>
/// Runs before every Dropbox route: adds <c>X-Dropbox-Request-Id</c>, counts the call, then applies an injected
/// fault. <c>lost_response</c> lets the operation run to completion with the response going nowhere and then
/// aborts the connection, so the client sees a reset although the server did the work.
/// </summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, EmulatorServices services)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers["X-Dropbox-Request-Id"] = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var route = RouteName(context.Request.Path);
        if (route is null)
        {
            await next(context);
            return;
        }

        services.Counters.Increment(route);
        var (latency, failure) = services.Faults.Draw(route);
        if (latency is not null)
        {
            EmulatorLog.FaultInjected(services.Logger, route, latency.Fault);
            await Task.Delay(TimeSpan.FromMilliseconds(latency.LatencyMs), context.RequestAborted);
        }

        if (failure is null)
        {
            await next(context);
            return;
        }

        EmulatorLog.FaultInjected(services.Logger, route, failure.Fault);
        var cancellationToken = context.RequestAborted;
        switch (failure.Fault)
        {
            case "too_many_requests":
                await ApiResponses.WriteErrorAsync(context, route, ApiErrorException.RateLimited("too_many_requests", bodyRetryAfter: true), cancellationToken);
                break;
            case "too_many_write_operations":
                await ApiResponses.WriteErrorAsync(context, route, ApiErrorException.RateLimited("too_many_write_operations", bodyRetryAfter: false), cancellationToken);
                break;
            case "too_many_requests_text":
                context.Response.Headers.RetryAfter = "1";
                await ApiResponses.WriteTextAsync(context, "too_many_requests", StatusCodes.Status429TooManyRequests, cancellationToken);
                break;
            case "http_500":
                await ApiResponses.WriteTextAsync(context, "Internal Server Error", StatusCodes.Status500InternalServerError, cancellationToken);
                break;
            case "http_503":
                await ApiResponses.WriteTextAsync(context, "Service Unavailable", StatusCodes.Status503ServiceUnavailable, cancellationToken);
                break;
            case "connection_reset":
                context.Abort();
                break;
            case "lost_response":
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
                await next(context);
                context.Abort();
                break;
            default:
                await next(context);
                break;
        }
    }

    /// <summary>"files/upload" for /2/files/upload, "oauth2/token" for /oauth2/token; null for anything else.</summary>
    public static string? RouteName(PathString path)
    {
        var value = path.Value ?? "";
        if (value.StartsWith("/2/", StringComparison.Ordinal))
        {
            return value[3..];
        }

        return value is "/oauth2/token" or "/oauth2/authorize" ? value[1..] : null;
    }
}
