using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Cli;

/// <summary>An opened store and what it needs kept alive (the Dropbox HTTP client).</summary>
internal sealed class StoreConnection : IDisposable
{
    private readonly HttpClient? _http;

    private StoreConnection(IBackupStore store, string description, HttpClient? http)
    {
        Store = store;
        Description = description;
        _http = http;
    }

    public IBackupStore Store { get; }

    /// <summary>Where the set is, for messages (never includes the token).</summary>
    public string Description { get; }

    public static StoreConnection Local(string folder)
    {
        var store = new LocalFolderStore(folder);
        return new StoreConnection(store, store.Root, null);
    }

    public static StoreConnection Dropbox(Uri? baseAddress, string token, string folder)
    {
        var options = new DropboxClientOptions();
        if (baseAddress is not null)
        {
            options.ApiBaseAddress = baseAddress;
            options.ContentBaseAddress = baseAddress;
            options.AuthorizeBaseAddress = baseAddress;
        }

        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var client = new DropboxClient(http, new StaticDropboxTokenSource(token), options);
            return new StoreConnection(new DropboxStore(client, folder), $"Dropbox {folder}", http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public void Dispose() => _http?.Dispose();
}
