using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RetroGrid.Dropbox;

/// <summary>
/// Makes Dropbox clients from IHttpClientFactory's named client: one <see cref="DropboxClient"/> per token source
/// (a controller serves many backup sets), and the <see cref="DropboxOAuthClient"/>.
/// </summary>
public sealed class DropboxClientFactory
{
    /// <summary>The IHttpClientFactory client name.</summary>
    public const string HttpClientName = "RetroGrid.Dropbox";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<DropboxClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;

    public DropboxClientFactory(
        IHttpClientFactory httpClientFactory, IOptions<DropboxClientOptions> options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
    }

    public DropboxClient CreateClient(IDropboxTokenSource tokenSource) =>
        new(_httpClientFactory.CreateClient(HttpClientName), tokenSource, _options.Value, _timeProvider, _loggerFactory?.CreateLogger<DropboxClient>());

    public DropboxOAuthClient CreateOAuthClient() =>
        new(_httpClientFactory.CreateClient(HttpClientName), _options.Value, _timeProvider, _loggerFactory?.CreateLogger<DropboxOAuthClient>());

    /// <summary>A client for stored credentials: refreshing if they carry a refresh token, static for a legacy token.</summary>
    public DropboxClient CreateClient(DropboxCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return CreateClient(credentials.CreateTokenSource(CreateOAuthClient(), _timeProvider));
    }
}
