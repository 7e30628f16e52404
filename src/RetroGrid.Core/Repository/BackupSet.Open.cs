using System.Security.Cryptography;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Index;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Repository;

public sealed partial class BackupSet
{
    /// <summary>
    /// Creates a set in an empty store: a fresh master key, wrapped by <paramref name="passphrase"/> (and by
    /// <paramref name="kek"/>, the controller's key-encryption key, when given) as <c>keys/&lt;id&gt;</c>, then the sealed
    /// config. The config is written last: it is what makes a folder a backup set, so a crash before it leaves no half-set.
    /// </summary>
    public static async Task<BackupSet> InitAsync(
        IBackupStore store, string passphrase, ReadOnlyMemory<byte>? kek, BackupSetOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentNullException.ThrowIfNull(options);
        await foreach (var _ in store.ListAsync(BackupObjectKind.Config, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The store already holds a backup set.");
        }

        var chunker = options.Chunker ?? ChunkerParameters.CreateDefault();
        var config = new SetConfig
        {
            SetId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            FormatVersion = ObjectFormats.SetFormatVersion,
            ChunkerMinSize = chunker.MinSize,
            ChunkerAverageSize = chunker.AverageSize,
            ChunkerMaxSize = chunker.MaxSize,
            ChunkerSeed = chunker.Seed,
            CompressionLevel = options.CompressionLevel,
            PackTargetSize = options.PackTargetSize,
            CreatedUnixNs = (options.TimeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
        };
        if (((IFormatObject)config).FindProblem() is { } problem)
        {
            throw new ArgumentException($"The options do not make a valid set: {problem}", nameof(options));
        }

        var masterKey = SetKeys.CreateMasterKey();
        try
        {
            await WriteKeyFileAsync(store, KeyFile.WrapWithPassphrase(masterKey, passphrase, options.Kdf), cancellationToken).ConfigureAwait(false);
            if (kek is { } controllerKey)
            {
                await WriteKeyFileAsync(store, KeyFile.WrapWithKek(masterKey, controllerKey.Span), cancellationToken).ConfigureAwait(false);
            }

            var keys = SetKeys.FromMasterKey(masterKey);
            var sealedConfig = SealedObjects.Seal(ObjectFormats.Config, config, new AeadSealer(keys.Metadata));
            await store.WriteAsync(BackupObjectKind.Config, BackupObjectNames.ConfigName, sealedConfig, cancellationToken).ConfigureAwait(false);
            return new BackupSet(store, config, keys, new LocalBlobIndex()) { IndexLoad = new IndexLoadResult(0, [], []) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
        }
    }

    /// <summary>Opens a set with its recovery passphrase and loads its blob index.</summary>
    public static Task<BackupSet> OpenAsync(IBackupStore store, string passphrase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return OpenCoreAsync(store, file => file.Kind == KeyWrapKind.Passphrase ? file.Unwrap(passphrase) : null, cancellationToken);
    }

    /// <summary>Opens a set with the controller's key-encryption key and loads its blob index.</summary>
    public static Task<BackupSet> OpenWithKekAsync(IBackupStore store, ReadOnlyMemory<byte> kek, CancellationToken cancellationToken) =>
        OpenCoreAsync(store, file => file.Kind == KeyWrapKind.Kek ? file.UnwrapWithKek(kek.Span) : null, cancellationToken);

    private static async Task<BackupSet> OpenCoreAsync(IBackupStore store, Func<KeyFile, byte[]?> unwrap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var masterKey = await UnwrapMasterKeyAsync(store, unwrap, cancellationToken).ConfigureAwait(false);
        SetKeys keys;
        try
        {
            keys = SetKeys.FromMasterKey(masterKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
        }

        var configBytes = await ReadConfigAsync(store, cancellationToken).ConfigureAwait(false);
        var config = SealedObjects.Open<SetConfig>(ObjectFormats.Config, configBytes, new AeadSealer(keys.Metadata), BackupObjectNames.ConfigName);
        if (config.FormatVersion != ObjectFormats.SetFormatVersion)
        {
            throw FormatErrors.UnsupportedVersion(BackupObjectNames.ConfigName, $"set format version {config.FormatVersion}; this build reads version {ObjectFormats.SetFormatVersion}.");
        }

        BackupSet set;
        try
        {
            set = new BackupSet(store, config, keys, new LocalBlobIndex());
        }
        catch (ArgumentException ex)
        {
            throw FormatErrors.Corrupt(BackupObjectNames.ConfigName, "its chunker or compression parameters are not usable.", ex);
        }

        set.IndexLoad = await BlobIndexLoader.LoadAsync(store, keys, set._packReader, set._index, cancellationToken).ConfigureAwait(false);
        return set;
    }

    /// <summary>
    /// Lets <paramref name="kek"/> open the set: unwraps the master key with the recovery passphrase and writes it again,
    /// wrapped by <paramref name="kek"/>, as another key file. How a new controller takes over a set whose controller
    /// was lost. Nothing is written when a key file already opens with <paramref name="kek"/>.
    /// </summary>
    public static async Task AddKekKeyFileAsync(IBackupStore store, string passphrase, ReadOnlyMemory<byte> kek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        try
        {
            CryptographicOperations.ZeroMemory(await UnwrapMasterKeyAsync(store, file => file.Kind == KeyWrapKind.Kek ? file.UnwrapWithKek(kek.Span) : null, cancellationToken).ConfigureAwait(false));
            return;
        }
        catch (RetroGridFormatException)
        {
            // No key file for this KEK yet: make one from the passphrase.
        }

        var masterKey = await UnwrapMasterKeyAsync(store, file => file.Kind == KeyWrapKind.Passphrase ? file.Unwrap(passphrase) : null, cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteKeyFileAsync(store, KeyFile.WrapWithKek(masterKey, kek.Span), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
        }
    }

    /// <summary>Tries every key file of the right kind; the first that opens gives the master key.</summary>
    private static async Task<byte[]> UnwrapMasterKeyAsync(IBackupStore store, Func<KeyFile, byte[]?> unwrap, CancellationToken cancellationToken)
    {
        RetroGridFormatException? lastFailure = null;
        await foreach (var info in store.ListAsync(BackupObjectKind.Key, cancellationToken).ConfigureAwait(false))
        {
            var objectName = BackupObjectNames.RelativePath(BackupObjectKind.Key, info.Name);
            try
            {
                var bytes = await store.ReadAsync(BackupObjectKind.Key, info.Name, KeyFile.MaxSize, cancellationToken).ConfigureAwait(false);
                if (unwrap(KeyFile.Deserialize(bytes, objectName)) is { } masterKey)
                {
                    return masterKey;
                }
            }
            catch (RetroGridFormatException ex)
            {
                lastFailure = ex;
            }
            catch (InvalidDataException ex)
            {
                lastFailure = FormatErrors.Corrupt(objectName, "it is larger than any key file.", ex);
            }
        }

        throw new RetroGridFormatException(FormatErrorCodes.WrongKey, "keys/", "no key file of the set opens with the given passphrase or key.", lastFailure);
    }

    private static async Task<byte[]> ReadConfigAsync(IBackupStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(BackupObjectKind.Config, BackupObjectNames.ConfigName, 64 * 1024, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            throw FormatErrors.Missing(BackupObjectNames.ConfigName, "the store holds no backup set config.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw FormatErrors.Corrupt(BackupObjectNames.ConfigName, "it is larger than any config.", ex);
        }
    }

    private static Task WriteKeyFileAsync(IBackupStore store, KeyFile keyFile, CancellationToken cancellationToken) =>
        store.WriteAsync(BackupObjectKind.Key, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), keyFile.Serialize(), cancellationToken);
}
