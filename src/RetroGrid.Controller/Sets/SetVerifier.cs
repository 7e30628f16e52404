using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Check;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>
/// Verifies a set against its catalog and its own objects: storage (every catalog pack listed with the recorded size
/// and content hash — no download), structure and data through the engine's <see cref="SetChecker"/>, the data share
/// taken from the least recently verified packs so that successive runs read the whole set in turn.
/// </summary>
internal sealed class SetVerifier(PackRegistry packs, SetOpener opener, SetDropboxClients clients)
{
    public async Task VerifyAsync(SetRecord set, int dataSharePercent, Func<VerifyProgress, Task> report, CancellationToken cancellationToken)
    {
        var store = new DropboxStore(clients.Create(set.Id, TokenPurpose.Restore), set.DropboxFolder);
        var result = new VerifyProgress { Finished = true };

        await report(new VerifyProgress { Phase = "storage" });

        // The catalog before the listing: a pack is recorded only once Dropbox committed it, so one committed meanwhile
        // is left out rather than taken for missing.
        var catalog = await packs.ListForVerifyAsync(set.Id, cancellationToken);
        var listed = new Dictionary<string, BackupObjectInfo>(StringComparer.Ordinal);
        await foreach (var pack in store.ListAsync(BackupObjectKind.Pack, cancellationToken))
        {
            listed[pack.Name] = pack;
        }

        foreach (var (pack, _) in catalog)
        {
            if (PackStorage.ProblemOf(pack, listed) is { } problem)
            {
                result.Problems.Add(problem);
            }
        }

        // The least recently verified packs that are still there, enough for the share asked.
        var share = (int)Math.Ceiling(catalog.Count * Math.Clamp(dataSharePercent, 0, 100) / 100.0);
        var toRead = catalog.Select(c => c.Pack).Where(p => PackStorage.ProblemOf(p, listed) is null).Take(share).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var opened = await opener.OpenAsync(set, store, cancellationToken);

        var progress = new ProgressReporter(report);
        var check = await new SetChecker(opened, new SetCheckOptions { ReadData = toRead.Count > 0, PacksToRead = toRead }).RunAsync(progress, cancellationToken);
        await progress.DrainAsync();
        result.Problems.AddRange(check.Problems.Select(p => new VerifyProblem { Area = p.Area.ToString().ToLowerInvariant(), Code = p.Code, Object = p.ObjectName, Message = p.Message }));

        var sound = toRead.Where(name => !result.Problems.Any(p => p.Object.Contains(name, StringComparison.Ordinal))).ToList();
        await packs.MarkVerifiedAsync(set.Id, sound, cancellationToken);
        result.PacksVerified.AddRange(sound.Order(StringComparer.Ordinal));
        (result.Snapshots, result.Packs, result.PacksRead, result.BytesRead) = (check.Snapshots, catalog.Count, check.PacksRead, check.BytesRead);
        await report(result);
    }

    /// <summary>The checker's progress callbacks, sent one at a time in order (a response stream takes one write at a time).</summary>
    private sealed class ProgressReporter(Func<VerifyProgress, Task> report) : IProgress<CheckProgress>
    {
        private readonly Lock _lock = new();
        private Task _last = Task.CompletedTask;

        public void Report(CheckProgress value)
        {
            var message = new VerifyProgress { Phase = value.Phase.ToString().ToLowerInvariant(), Done = value.Done, Total = value.Total };
            lock (_lock)
            {
                _last = _last.ContinueWith(_ => report(message), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            }
        }

        public Task DrainAsync()
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }
}
