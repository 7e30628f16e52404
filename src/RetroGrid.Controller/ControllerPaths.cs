namespace RetroGrid.Controller;

/// <summary>
/// The files of a controller's data directory. Secrets (CA key, key-encryption key, the first admin credential) are
/// created readable by the owner only.
/// </summary>
internal sealed class ControllerPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The catalog database (SQLite).</summary>
    public string Catalog => Path.Join(Root, "catalog.db");

    /// <summary>The CA certificate (PEM): agents and rgctl trust only this for the controller.</summary>
    public string CaCertificate => Path.Join(Root, "ca.crt");

    public string CaKey => Path.Join(Root, "ca.key");

    /// <summary>The controller's TLS certificate (PEM), issued by its own CA.</summary>
    public string ServerCertificate => Path.Join(Root, "server.crt");

    public string ServerKey => Path.Join(Root, "server.key");

    /// <summary>The key-encryption key: wraps refresh tokens and set keys in the catalog.</summary>
    public string KeyEncryptionKey => Path.Join(Root, "kek");

    /// <summary>The admin credential made by init, for rgctl on this machine.</summary>
    public string AdminCredential => Path.Join(Root, "admin.credential");

    public bool IsInitialized => File.Exists(Catalog) && File.Exists(CaCertificate) && File.Exists(KeyEncryptionKey);

    /// <summary>Writes a file only its owner may read (created that way, so it is never readable by others, even briefly).</summary>
    public static void WriteSecret(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }
}
