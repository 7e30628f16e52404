using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

public sealed class ControllerInitializerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitAsync_CreatesEverythingWithSecretsOwnerOnly()
    {
        using var directory = new TempDirectory();
        var paths = new ControllerPaths(Path.Join(directory.Path, "c"));

        var credential = await ControllerInitializer.InitAsync(paths, ["backup.example.org"], TimeProvider.System, Ct);

        Assert.True(paths.IsInitialized);
        Assert.Equal(credential, File.ReadAllText(paths.AdminCredential).Trim());
        Assert.Equal(32, File.ReadAllBytes(paths.KeyEncryptionKey).Length);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var secret in new[] { paths.CaKey, paths.ServerKey, paths.KeyEncryptionKey, paths.AdminCredential })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
            }
        }

        var catalog = string.Concat(new[] { paths.Catalog, paths.Catalog + "-wal" }.Where(File.Exists).Select(f => File.ReadAllText(f, System.Text.Encoding.Latin1)));
        Assert.Contains("admin", catalog, StringComparison.Ordinal);
        Assert.DoesNotContain(credential, catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitAsync_Twice_RefusedWithCode()
    {
        using var directory = new TempDirectory();
        var paths = new ControllerPaths(Path.Join(directory.Path, "c"));
        await ControllerInitializer.InitAsync(paths, [], TimeProvider.System, Ct);

        var refused = await Assert.ThrowsAsync<ControllerException>(() => ControllerInitializer.InitAsync(paths, [], TimeProvider.System, Ct));

        Assert.Equal("RG3001", refused.Code.Code);
    }

    [Fact]
    public async Task StartAsync_NotInitialized_RefusedWithCode()
    {
        using var directory = new TempDirectory();

        var refused = await Assert.ThrowsAsync<ControllerException>(() => ControllerHost.StartAsync(new ControllerOptions { DataDir = directory.Path, Port = 0 }, Ct));

        Assert.Equal("RG3002", refused.Code.Code);
    }

    [Fact]
    public async Task MigrateAsync_AgainAndFromNewerCatalog_IdempotentOrRefused()
    {
        using var directory = new TempDirectory();
        var database = new CatalogDatabase(Path.Join(directory.Path, "catalog.db"), TimeProvider.System);
        var version = await database.MigrateAsync(Ct);
        Assert.Equal(version, await database.MigrateAsync(Ct));

        await using (var connection = await database.OpenAsync(Ct))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (99, 0);";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<ControllerException>(() => database.MigrateAsync(Ct));
        Assert.Equal("RG3003", refused.Code.Code);
    }
}
