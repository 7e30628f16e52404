using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>
/// Dispatches <c>/2/&lt;ns&gt;/&lt;route&gt;</c>: method and auth checks, argument decoding (body, Dropbox-API-Arg header
/// or arg query), then the handler; every failure becomes Dropbox's answer. Unknown routes get a plain-text 400
/// ("bad input", never retried), because the SDKs read 404 bodies as route-error JSON and would choke on text.
/// </summary>
internal sealed class ApiRouter
{
    private const int MaxRpcBodyBytes = 16 * 1024 * 1024;

    private readonly Dictionary<string, RouteDefinition> _routes = new(StringComparer.Ordinal);
    private readonly EmulatorServices _services;

    public ApiRouter(EmulatorServices services)
    {
        _services = services;
        UploadRoutes.Register(this);
        SessionRoutes.Register(this);
        FinishRoutes.Register(this);
        DownloadRoutes.Register(this);
        ListRoutes.Register(this);
        DeleteRoutes.Register(this);
        FolderRoutes.Register(this);
        RevisionRoutes.Register(this);
        AccountRoutes.Register(this);
    }

    public void Add(string name, RouteStyle style, string? scope, Func<ApiCall, Task> handler, bool voidArg = false, RouteAuth auth = RouteAuth.User) =>
        _routes.Add(name, new RouteDefinition(name, style, auth, scope, voidArg, handler));

    public async Task DispatchAsync(HttpContext context, string route)
    {
        var cancellationToken = context.RequestAborted;
        string? source = null;
        RouteDefinition? definition = null;
        try
        {
            if (!_routes.TryGetValue(route, out definition))
            {
                throw ApiErrorException.BadInput($"Unknown API function: \"{route}\"");
            }

            var method = context.Request.Method;
            if (!HttpMethods.IsPost(method) && !(definition.Style == RouteStyle.Download && HttpMethods.IsGet(method)))
            {
                throw ApiErrorException.BadInput($"Request method {method} not allowed");
            }

            var token = Authenticate(context, definition);
            byte[]? raw;
            (raw, source) = await ReadArgumentAsync(context, definition, cancellationToken);
            using var document = ParseJson(raw);
            var args = ToArgs(document, definition);
            await definition.Handler(new ApiCall(context, _services, route, args, token));
        }
        catch (ApiErrorException error)
        {
            await WriteErrorAsync(context, route, definition, source is null ? error : error.WithSource(source));
        }
        catch (StoreException error)
        {
            // A route that did not wrap a store error: the common shape is the nested "path" member.
            await WriteErrorAsync(context, route, definition, ApiErrorException.Route(Stone.Nested("path", error.Error)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EmulatorLog.RequestAborted(_services.Logger, route, "client went away");
        }
        catch (BadHttpRequestException error)
        {
            EmulatorLog.RequestAborted(_services.Logger, route, error.Message);
            if (!context.Response.HasStarted)
            {
                await ApiResponses.WriteTextAsync(context, error.Message, error.StatusCode, CancellationToken.None);
            }
        }
        catch (IOException error) when (cancellationToken.IsCancellationRequested)
        {
            EmulatorLog.RequestAborted(_services.Logger, route, error.Message);
        }
        catch (Exception error)
        {
            EmulatorLog.UnhandledError(_services.Logger, route, error);
            if (!context.Response.HasStarted)
            {
                await ApiResponses.WriteTextAsync(context, "Internal Server Error", StatusCodes.Status500InternalServerError, CancellationToken.None);
            }
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, string route, RouteDefinition? definition, ApiErrorException error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        // A body declared far beyond the payload limit is not worth reading; Kestrel closes that connection.
        if (definition?.Style == RouteStyle.Upload && !(context.Request.ContentLength > 2 * EmulatorOptions.DropboxMaxPayloadBytes))
        {
            // Read what the client is still sending, so it sees our answer rather than a reset connection.
            await DrainAsync(context.Request, context.RequestAborted);
        }

        await ApiResponses.WriteErrorAsync(context, route, error, context.RequestAborted);
    }

    private static async Task DrainAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await request.Body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over Kestrel's body limit: give up draining, the connection will be closed.
        }
        catch (IOException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string? Authenticate(HttpContext context, RouteDefinition definition)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            header = context.Request.Query["authorization"].ToString();
        }

        if (definition.Auth == RouteAuth.App)
        {
            if (!AuthenticationHeaderValue.TryParse(header, out var basic) || !string.Equals(basic.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
                || !TryDecodeBasic(basic.Parameter, out var key, out var secret) || key != _services.Options.AppKey || secret.Length == 0)
            {
                throw ApiErrorException.Auth(Stone.Tag("invalid_access_token"));
            }

            return null;
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        var scopes = _services.Tokens.Authenticate(token);
        if (!_services.RateLimiter.TryAcquire(token))
        {
            throw ApiErrorException.RateLimited("too_many_requests", bodyRetryAfter: true);
        }

        if (definition.Scope is { } scope && !scopes.Contains(scope, StringComparer.Ordinal))
        {
            throw ApiErrorException.Auth(Stone.Flat("missing_scope", new() { ["required_scope"] = scope }));
        }

        return token;
    }

    internal static bool TryDecodeBasic(string? parameter, out string key, out string secret)
    {
        key = secret = "";
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? ""));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            (key, secret) = (text[..colon], text[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<(byte[]? Raw, string Source)> ReadArgumentAsync(HttpContext context, RouteDefinition definition, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (definition.Style != RouteStyle.Rpc)
        {
            CheckContentType(request, definition.Style == RouteStyle.Upload ? "application/octet-stream" : null);
            if (request.Headers.TryGetValue("Dropbox-API-Arg", out var header))
            {
                return (Encoding.UTF8.GetBytes(header.ToString()), "HTTP header \"Dropbox-API-Arg\"");
            }

            return request.Query.TryGetValue("arg", out var query)
                ? (Encoding.UTF8.GetBytes(query.ToString()), "URL parameter \"arg\"")
                : (null, "HTTP header \"Dropbox-API-Arg\"");
        }

        if (request.ContentLength > MaxRpcBodyBytes)
        {
            throw ApiErrorException.BadInput("request body: too large");
        }

        var writer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = writer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            writer.Advance(read);
            if (writer.WrittenCount > MaxRpcBodyBytes)
            {
                throw ApiErrorException.BadInput("request body: too large");
            }
        }

        if (writer.WrittenCount > 0)
        {
            CheckContentType(request, "application/json");
        }

        return (writer.WrittenCount == 0 ? null : writer.WrittenSpan.ToArray(), "request body");
    }

    private static void CheckContentType(HttpRequest request, string? expected)
    {
        var contentType = request.ContentType;
        if (expected is null || string.IsNullOrEmpty(contentType))
        {
            return;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        if (!mediaType.Equals(expected, StringComparison.OrdinalIgnoreCase)
            && !contentType.Replace(" ", "", StringComparison.Ordinal).Equals("text/plain;charset=dropbox-cors-hack", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiErrorException.BadInput(
                $"Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"{expected}\", \"text/plain; charset=dropbox-cors-hack\".");
        }
    }

    private static JsonDocument? ParseJson(byte[]? raw)
    {
        try
        {
            return raw is null ? null : JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw ApiErrorException.BadInput("could not decode input as JSON");
        }
    }

    private static ArgReader ToArgs(JsonDocument? document, RouteDefinition definition)
    {
        if (definition.VoidArg)
        {
            return default;
        }

        if (document is null || document.RootElement.ValueKind == JsonValueKind.Null)
        {
            throw ApiErrorException.BadInput(definition.Style == RouteStyle.Rpc ? "expected object, got null" : "missing");
        }

        return ArgReader.Root(document.RootElement);
    }
}
