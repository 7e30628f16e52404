using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetroGrid.Dropbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Dropbox client.</summary>
public static class DropboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DropboxClientFactory"/>, <see cref="DropboxOAuthClient"/>, and <see cref="DropboxClient"/> (usable when an
    /// <see cref="IDropboxTokenSource"/> is registered), all over the IHttpClientFactory client
    /// <see cref="DropboxClientFactory.HttpClientName"/>. Safe to call more than once.
    /// </summary>
    /// <returns>The named HTTP client's builder, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddDropboxClient(this IServiceCollection services, Action<DropboxClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DropboxClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DropboxClientFactory(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<DropboxClientOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        services.TryAddTransient(sp => sp.GetRequiredService<DropboxClientFactory>().CreateOAuthClient());
        services.TryAddTransient(sp => sp.GetRequiredService<DropboxClientFactory>().CreateClient(sp.GetRequiredService<IDropboxTokenSource>()));

        // The client runs its own per-attempt deadline and retries; HttpClient's 100 s overall timeout would cut uploads short.
        return services.AddHttpClient(DropboxClientFactory.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
    }
}
