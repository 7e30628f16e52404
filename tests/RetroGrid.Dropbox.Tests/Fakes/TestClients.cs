namespace RetroGrid.Dropbox.Tests;

internal static class TestClients
{
    public static DropboxClientOptions Options(Action<DropboxClientOptions>? configure = null)
    {
        var options = new DropboxClientOptions
        {
            AppKey = "test-app",
            AuthorizeBaseAddress = new Uri("http://dropbox.test/"),
            ApiBaseAddress = new Uri("http://api.dropbox.test/"),
            ContentBaseAddress = new Uri("http://content.dropbox.test/"),
            OperationTimeout = Timeout.InfiniteTimeSpan,
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(8),
            UploadChunkSize = 4 * 1024 * 1024,
        };
        configure?.Invoke(options);
        return options;
    }

    public static DropboxClient Client(ScriptedHandler handler, TimeProvider time, IDropboxTokenSource? tokens = null, Action<DropboxClientOptions>? configure = null)
    {
        var client = new DropboxClient(new HttpClient(handler), tokens ?? new FakeTokenSource(), Options(configure), time);

        // Half of each back-off is random; fix it so tests see exact delays.
        client.Executor.RetryPolicy.Jitter = () => 0.0;
        return client;
    }

    public static DropboxOAuthClient OAuth(ScriptedHandler handler, TimeProvider time, Action<DropboxClientOptions>? configure = null)
    {
        var oauth = new DropboxOAuthClient(new HttpClient(handler), Options(configure), time);
        oauth.Executor.RetryPolicy.Jitter = () => 0.0;
        return oauth;
    }
}
