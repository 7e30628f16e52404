using Microsoft.Extensions.Options;
using RetroGrid.Controller.Hosting;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>The controller's Dropbox app: the OAuth client every set's link and refresh goes through, and the scopes asked for.</summary>
internal sealed class DropboxApp(IHttpClientFactory httpClients, IOptions<ControllerOptions> options)
{
    /// <summary>What a link asks Dropbox for; tokens handed to agents are down-scoped from it per purpose.</summary>
    public static IReadOnlyList<string> LinkScopes { get; } = ["files.metadata.read", "files.metadata.write", "files.content.read", "files.content.write"];

    public DropboxClientOptions ClientOptions
    {
        get
        {
            var dropbox = options.Value.Dropbox;
            return new DropboxClientOptions
            {
                AppKey = dropbox.AppKey,
                AuthorizeBaseAddress = dropbox.AuthorizeBaseAddress,
                ApiBaseAddress = dropbox.ApiBaseAddress,
                ContentBaseAddress = dropbox.ContentBaseAddress,
            };
        }
    }

    /// <summary>An OAuth client for the configured app; refuses when no app key is set.</summary>
    public DropboxOAuthClient OAuth()
    {
        if (string.IsNullOrEmpty(options.Value.Dropbox.AppKey))
        {
            throw new ControllerException(ControllerErrorCodes.NoDropboxApp, "Dropbox:AppKey is not set.");
        }

        return new DropboxOAuthClient(httpClients.CreateClient(nameof(DropboxApp)), ClientOptions, options.Value.TimeProvider);
    }
}
