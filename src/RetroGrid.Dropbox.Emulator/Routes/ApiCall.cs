using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>One authenticated call with its parsed argument, handed to a route handler.</summary>
internal sealed class ApiCall(HttpContext context, EmulatorServices services, string route, ArgReader args, string? token)
{
    public HttpContext Context { get; } = context;

    public HttpRequest Request => Context.Request;

    public EmulatorServices Services { get; } = services;

    public string Route { get; } = route;

    /// <summary>The argument object (default for void routes).</summary>
    public ArgReader Args { get; } = args;

    /// <summary>The bearer token of user-auth routes (needed by auth/token/revoke).</summary>
    public string? Token { get; } = token;

    public CancellationToken CancellationToken => Context.RequestAborted;

    public Task OkAsync(JsonNode? body) =>
        ApiResponses.WriteJsonAsync(Context, body, StatusCodes.Status200OK, CancellationToken);
}
