using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RetroGrid.Dropbox.Tests;

public class DropboxServiceCollectionExtensionsTests
{
    [Fact]
    public void AddDropboxClient_Twice_OneRegistrationEachAndClientsResolve()
    {
        var services = new ServiceCollection();
        services.AddDropboxClient(o => o.AppKey = "di-app");
        services.AddDropboxClient();
        services.AddSingleton<IDropboxTokenSource>(new StaticDropboxTokenSource("t"));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Single(services, d => d.ServiceType == typeof(DropboxClientFactory));
        Assert.Single(services, d => d.ServiceType == typeof(DropboxClient));
        Assert.Equal("di-app", provider.GetRequiredService<IOptions<DropboxClientOptions>>().Value.AppKey);
        Assert.NotNull(provider.GetRequiredService<DropboxOAuthClient>());
        var client = provider.GetRequiredService<DropboxClient>();
        Assert.Equal("di-app", client.Options.AppKey);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddDropboxClient_BadChunkSize_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddDropboxClient(o => o.UploadChunkSize = 5 * 1024 * 1024);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => provider.GetRequiredService<IOptions<DropboxClientOptions>>().Value);
    }
}
