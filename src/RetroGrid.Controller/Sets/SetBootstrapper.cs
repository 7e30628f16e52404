using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Writes a new set's key files and then its config to its Dropbox folder, once it has credentials (its first link).
/// The config goes last: a folder with a config is a complete set. A folder that already holds a set is refused.
/// </summary>
internal sealed class SetBootstrapper(SetRegistry sets, SetDropboxClients clients)
{
    public async Task BootstrapAsync(string setId, CancellationToken cancellationToken)
    {
        var set = await sets.FindAsync(setId, cancellationToken) ?? throw new ControllerException(ControllerErrorCodes.SetNotFound, $"No set '{setId}'.");
        if (set.Bootstrapped)
        {
            return;
        }

        var store = new DropboxStore(clients.Create(set.Id, TokenPurpose.Backup), set.DropboxFolder);
        await foreach (var _ in store.ListAsync(BackupObjectKind.Config, cancellationToken))
        {
            throw new ControllerException(ControllerErrorCodes.FolderHoldsAnotherSet, $"{set.DropboxFolder} already holds a backup set.");
        }

        foreach (var staged in await sets.BootstrapOfAsync(set.Id, cancellationToken))
        {
            await store.WriteAsync(staged.Kind, staged.Name, staged.Content, cancellationToken);
        }

        await sets.MarkBootstrappedAsync(set.Id, cancellationToken);
    }
}
