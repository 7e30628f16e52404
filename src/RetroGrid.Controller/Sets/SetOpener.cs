using System.Security.Cryptography;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Security;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>The controller's own access to a set on Dropbox: its key unsealed for the moment it is needed, then wiped.</summary>
internal sealed class SetOpener(SecretVault vault)
{
    /// <summary>Runs <paramref name="action"/> with the set's key-encryption key, zeroed as soon as it returns.</summary>
    public async Task<T> WithKekAsync<T>(SetRecord set, Func<byte[], Task<T>> action)
    {
        var kek = vault.Open(SetRecord.SetKekPurpose(set.Id), set.SealedSetKek);
        try
        {
            return await action(kek);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    /// <summary>Opens the set in <paramref name="store"/> with its key (reading its index afresh).</summary>
    public Task<Core.Repository.BackupSet> OpenAsync(SetRecord set, IBackupStore store, CancellationToken cancellationToken) =>
        WithKekAsync(set, kek => Core.Repository.BackupSet.OpenWithKekAsync(store, kek, cancellationToken));
}
