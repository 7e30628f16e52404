using System.Security.Cryptography;
using System.Text;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Security;

namespace RetroGrid.Controller.Hosting;

/// <summary>
/// `retrogrid-controller init`: creates the data directory, the catalog, the CA and the controller's TLS certificate,
/// the key-encryption key and the first admin credential. Refuses a directory that already holds a controller.
/// </summary>
internal static class ControllerInitializer
{
    public const string FirstAdminName = "admin";

    /// <summary>Returns the first admin credential (also written, owner-only, to <see cref="ControllerPaths.AdminCredential"/>).</summary>
    public static async Task<string> InitAsync(ControllerPaths paths, IEnumerable<string> hostNames, TimeProvider time, CancellationToken cancellationToken)
    {
        if (File.Exists(paths.Catalog) || File.Exists(paths.CaCertificate) || File.Exists(paths.KeyEncryptionKey))
        {
            throw new ControllerException(ControllerErrorCodes.AlreadyInitialized, $"{paths.Root} already holds a controller.");
        }

        var directory = Directory.CreateDirectory(paths.Root);
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }

        var now = time.GetUtcNow();
        using (var authority = CertificateAuthority.Create(paths, now))
        {
            authority.IssueServerCertificate(paths, ["localhost", "127.0.0.1", "::1", Environment.MachineName, .. hostNames], now);
        }

        ControllerPaths.WriteSecret(paths.KeyEncryptionKey, RandomNumberGenerator.GetBytes(32));
        var database = new CatalogDatabase(paths.Catalog, time);
        await database.MigrateAsync(cancellationToken);
        var credential = Secrets.Create("rg-admin-");
        await new AdminCredentialStore(database, time).AddAsync(FirstAdminName, Secrets.Hash(credential), cancellationToken);
        ControllerPaths.WriteSecret(paths.AdminCredential, Encoding.ASCII.GetBytes(credential + "\n"));
        return credential;
    }
}
