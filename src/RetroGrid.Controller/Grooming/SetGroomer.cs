using Google.Protobuf;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Grooming;

/// <summary>
/// Grooms a set by its retention policy, each agent's history (per backed-up paths) on its own: the snapshots no rule
/// keeps are forgotten — deleted from Dropbox with one <c>delete_batch</c>, then from the catalog — and, when asked,
/// the packs no snapshot refers to any more are pruned (<see cref="SetPruner"/>). Forgetting is safe while backups run:
/// a running backup may use a forgotten snapshot as its parent, and pruning keeps the data such a backup refers to.
/// </summary>
internal sealed class SetGroomer(SnapshotRegistry snapshots, SetPruner pruner, SetDropboxClients clients, TimeProvider time)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static RetentionPolicy PolicyOf(SetRecord set) =>
        set.RetentionJson is { } json ? FromMessage(Parser.Parse<Contracts.V1.RetentionPolicy>(json)) : new RetentionPolicy();

    public static RetentionPolicy FromMessage(Contracts.V1.RetentionPolicy message) => new()
    {
        Last = message.KeepLast,
        Hourly = message.KeepHourly,
        Daily = message.KeepDaily,
        Weekly = message.KeepWeekly,
        Monthly = message.KeepMonthly,
        Yearly = message.KeepYearly,
        Within = TimeSpan.FromSeconds(message.KeepWithinSeconds),
    };

    public async Task<GroomSetResponse> GroomAsync(SetRecord set, GroomOptions groom, CancellationToken cancellationToken)
    {
        var response = await ForgetAsync(set, groom.DryRun, cancellationToken);
        if (groom.Prune)
        {
            var pruned = await pruner.PruneAsync(set, new PruneOptions(groom.DryRun, groom.RepackBelowPercent, groom.JobId), cancellationToken);
            response.PacksDeleted = pruned.PacksDeleted;
            response.BytesReclaimed = pruned.BytesReclaimed;
            response.PacksPartlyUsed = pruned.PacksPartlyUsed;
            response.PacksRepacked = pruned.PacksRepacked;
            response.PacksWritten = pruned.PacksWritten;
            response.BytesWritten = pruned.BytesWritten;
        }

        return response;
    }

    private async Task<GroomSetResponse> ForgetAsync(SetRecord set, bool dryRun, CancellationToken cancellationToken)
    {
        var policy = PolicyOf(set);
        var now = time.GetUtcNow();
        var all = (await snapshots.ListAsync(set.Id, null, cancellationToken))
            .Select(s => (s.Name, Summary: Parser.Parse<SnapshotSummary>(s.SummaryJson)))
            .ToList();
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var history in all.GroupBy(s => (s.Summary.AgentId, Paths: string.Join('\n', s.Summary.Paths.Order(StringComparer.Ordinal)))))
        {
            foreach (var (name, reason) in policy.Keep(history.Select(s => (s.Name, s.Summary.Time.ToDateTimeOffset())), now))
            {
                kept[name] = reason;
            }
        }

        var response = new GroomSetResponse();
        response.Snapshots.AddRange(all.Select(s => new GroomedSnapshot
        {
            Name = s.Name,
            AgentId = s.Summary.AgentId,
            Time = s.Summary.Time,
            Kept = kept.ContainsKey(s.Name),
            Reason = kept.GetValueOrDefault(s.Name, string.Empty),
        }));
        var going = response.Snapshots.Where(s => !s.Kept).Select(s => s.Name).ToList();
        if (dryRun || going.Count == 0)
        {
            return response;
        }

        var client = clients.Create(set.Id, TokenPurpose.Backup);
        foreach (var chunk in going.Chunk(1000))
        {
            var status = await client.DeleteBatchAsync([.. chunk.Select(n => $"{set.DropboxFolder}/{BackupObjectNames.RelativePath(BackupObjectKind.Snapshot, n)}")], cancellationToken);
            var failed = status.Tag != "complete"
                || status.Entries.Select(e => e.Failure).OfType<DropboxError>().Any(f => f.Code != RetroGridErrorCodes.NotFound);
            if (failed)
            {
                // The catalog keeps what Dropbox may still hold; the next groom tries again.
                throw new ControllerException(ControllerErrorCodes.GroomFailed, $"Dropbox did not delete all of the snapshots to forget ({status.Tag}).");
            }

            await snapshots.RemoveAsync(set.Id, chunk, cancellationToken);
            response.Forgotten += chunk.Length;
        }

        return response;
    }
}

/// <summary>How to groom.</summary>
/// <param name="DryRun">Only list what would go.</param>
/// <param name="Prune">Prune after forgetting.</param>
internal sealed record GroomOptions(bool DryRun, bool Prune)
{
    /// <summary>See <see cref="PruneOptions.RepackBelowPercent"/>.</summary>
    public int RepackBelowPercent { get; init; }

    /// <summary>Recorded with the packs repacking writes.</summary>
    public string JobId { get; init; } = $"groom-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";
}
