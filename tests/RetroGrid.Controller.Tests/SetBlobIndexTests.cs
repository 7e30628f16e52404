using Microsoft.Extensions.Time.Testing;
using RetroGrid.Controller.Dedup;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Fleet dedup for one set: committed blobs, claims of running jobs, borrowing and confirming.</summary>
public sealed class SetBlobIndexTests : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new();
    private readonly SetBlobIndex _index = new(new BlobIdSet());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void FindMissing_ClaimedByAnotherJob_ReportedHeld_ToTheClaimantStillMissing()
    {
        var (x, y, z) = (Id(1), Id(2), Id(3));

        Assert.Equal([0, 1], _index.FindMissing("job-a", [x, y]));
        Assert.Equal([1], _index.FindMissing("job-b", [x, z]));
        Assert.Equal([0, 1], _index.FindMissing("job-a", [x, y]));
        Assert.Equal(3, _index.ClaimedCount);
    }

    [Fact]
    public void AddCommitted_BlobsHeldByEveryone_AndClaimsEnd()
    {
        var x = Id(1);
        _index.FindMissing("job-a", [x]);

        _index.AddCommitted([x]);

        Assert.Empty(_index.FindMissing("job-b", [x]));
        Assert.Empty(_index.FindMissing("job-a", [x]));
        Assert.Equal((1, 0), (_index.CommittedCount, _index.ClaimedCount));
    }

    [Fact]
    public async Task Confirm_ClaimantEndsWithoutCommitting_TheBorrowedBlobIsMissing()
    {
        var x = Id(1);
        _index.FindMissing("job-a", [x]);
        _index.FindMissing("job-b", [x]);
        var confirming = _index.ConfirmAsync("job-b", MaxWait, _time, Ct);
        Assert.False(confirming.IsCompleted);

        _index.EndJob("job-a");

        Assert.Equal([x], await confirming.DefaultTimeout());
        Assert.Equal([0], _index.FindMissing("job-c", [x]));
    }

    [Fact]
    public async Task Confirm_WaitsForTheClaimantsCommit_NotForItsEnd()
    {
        var x = Id(1);
        _index.FindMissing("job-a", [x, Id(9)]);
        _index.FindMissing("job-b", [x]);
        var confirming = _index.ConfirmAsync("job-b", MaxWait, _time, Ct);

        _index.AddCommitted([x]);

        Assert.Empty(await confirming.DefaultTimeout());
    }

    [Fact]
    public async Task Confirm_JobsThatBorrowedFromEachOther_BothComplete()
    {
        var (x, y) = (Id(1), Id(2));
        _index.FindMissing("job-a", [x]);
        _index.FindMissing("job-b", [y]);
        _index.FindMissing("job-a", [y]);
        _index.FindMissing("job-b", [x]);

        _index.AddCommitted([x]);
        var confirmingA = _index.ConfirmAsync("job-a", MaxWait, _time, Ct);
        _index.AddCommitted([y]);
        var confirmingB = _index.ConfirmAsync("job-b", MaxWait, _time, Ct);

        Assert.Empty(await confirmingA.DefaultTimeout());
        Assert.Empty(await confirmingB.DefaultTimeout());
    }

    [Fact]
    public async Task Confirm_ClaimantStillRunningAfterTheWait_TheBorrowedBlobIsMissing()
    {
        var x = Id(1);
        _index.FindMissing("job-a", [x]);
        _index.FindMissing("job-b", [x]);
        var confirming = _index.ConfirmAsync("job-b", MaxWait, _time, Ct);

        _time.Advance(MaxWait);

        Assert.Equal([x], await confirming.DefaultTimeout());
    }

    [Fact]
    public async Task Confirm_EndsTheJobsOwnUncommittedClaims()
    {
        var x = Id(1);
        _index.FindMissing("job-a", [x]);

        Assert.Empty(await _index.ConfirmAsync("job-a", MaxWait, _time, Ct).DefaultTimeout());

        Assert.Equal([0], _index.FindMissing("job-b", [x]));
        Assert.Equal(1, _index.ClaimedCount);
    }

    public void Dispose() => _index.Dispose();

    private static BlobId Id(int n) => new((ulong)n * 0x9E3779B97F4A7C15, (ulong)n, 0, (ulong)n);
}
