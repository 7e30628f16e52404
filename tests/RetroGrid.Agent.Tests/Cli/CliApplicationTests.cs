using System.Text.Json;
using RetroGrid.Testing;

namespace RetroGrid.Agent.Cli.Tests;

/// <summary>The local commands end to end against a set in a temp folder, run in-process.</summary>
public sealed class CliApplicationTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly AgentHarness _agent = new();
    private readonly string _repo;
    private readonly string _source;

    public CliApplicationTests()
    {
        _repo = Path.Combine(_temp.Path, "repo");
        _source = SourceTree.Create(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task InitBackupRestore_LocalRepo_RestoresIdenticalTree()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        var backup = await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source, "--tag", "first");
        Assert.Contains("Snapshot ", backup.Out, StringComparison.Ordinal);

        var snapshots = await _agent.RunExpectingAsync(ExitCodes.Success, "snapshots", "--repo", _repo);
        Assert.Contains("first", snapshots.Out, StringComparison.Ordinal);
        Assert.EndsWith("1 snapshot" + Environment.NewLine, snapshots.Out, StringComparison.Ordinal);

        var ls = await _agent.RunExpectingAsync(ExitCodes.Success, "ls", "--repo", _repo, "latest");
        var lines = ls.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length); // data, its 3 files, sub, deeper, and the file in it — plus random.bin in sub
        Assert.Contains(lines, l => l.StartsWith('d') && l.EndsWith(" /data/sub", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("-rw", StringComparison.Ordinal) && l.Contains(" 300000 ", StringComparison.Ordinal) && l.EndsWith(" /data/sub/random.bin", StringComparison.Ordinal));

        var target = Path.Combine(_temp.Path, "restored");
        await _agent.RunExpectingAsync(ExitCodes.Success, "restore", "--repo", _repo, "latest", "--target", target);
        Assert.Equal(SourceTree.Fingerprint(_source), SourceTree.Fingerprint(Path.Combine(target, "data")));

        var check = await _agent.RunExpectingAsync(ExitCodes.Success, "check", "--repo", _repo, "--read-data");
        Assert.Contains("No problems found.", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_Path_ListsOnlyThatSubtree()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source);

        var ls = await _agent.RunExpectingAsync(ExitCodes.Success, "ls", "--repo", _repo, "latest", "data/sub/deeper");
        var lines = ls.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(" /data/sub/deeper", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" /data/sub/deeper/ünïcødé.txt", lines[1], StringComparison.Ordinal);

        var missing = await _agent.RunExpectingAsync(ExitCodes.Failed, "ls", "--repo", _repo, "latest", "data/nope");
        Assert.Contains("RG2055 PathNotFound", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_AfterChange_ListsAddedRemovedAndModifiedPaths()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        var first = SnapshotId(await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source, "--json"));
        File.WriteAllText(Path.Combine(_source, "hello.txt"), "hello, changed world\n");
        File.Delete(Path.Combine(_source, "empty.bin"));
        File.WriteAllText(Path.Combine(_source, "sub", "new.txt"), "new\n");
        var second = SnapshotId(await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source, "--json"));

        var diff = await _agent.RunExpectingAsync(ExitCodes.Success, "diff", "--repo", _repo, first[..8], second);

        var expected = string.Join(
            Environment.NewLine,
            "- /data/empty.bin  (0 B)",
            "M /data/hello.txt  (13 B -> 21 B)",
            "+ /data/sub/new.txt  (4 B)",
            "1 added, 1 removed, 1 modified",
            string.Empty);
        Assert.Equal(expected, diff.Out);
    }

    [Fact]
    public async Task Check_TamperedPack_NamesThePackAndExitsWithDamage()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source);
        var pack = Directory.GetFiles(Path.Combine(_repo, "packs"), "*", SearchOption.AllDirectories).OrderByDescending(p => new FileInfo(p).Length).First();
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(pack, bytes);
        var packName = Path.GetFileName(pack);

        var check = await _agent.RunExpectingAsync(ExitCodes.Damaged, "check", "--repo", _repo, "--read-data");

        Assert.Contains($"data: packs/{packName[..2]}/{packName}: ", check.Out, StringComparison.Ordinal);
        Assert.Contains("its bytes do not hash to its name", check.Out, StringComparison.Ordinal);
        Assert.Contains("RG2056 DamageFound", check.Error, StringComparison.Ordinal);

        var restore = await _agent.RunExpectingAsync(ExitCodes.Failed, "restore", "--repo", _repo, "latest", "--target", Path.Combine(_temp.Path, "restored"));
        Assert.Contains("not restored: ", restore.Out, StringComparison.Ordinal);
        Assert.Contains("RG2057 RestoreIncomplete", restore.Error, StringComparison.Ordinal);

        var json = await _agent.RunExpectingAsync(ExitCodes.Damaged, "check", "--repo", _repo, "--read-data-subset", "100%", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.False(document.RootElement.GetProperty("isClean").GetBoolean());
        Assert.Contains(
            document.RootElement.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("objectName").GetString() == $"packs/{packName[..2]}/{packName}" && p.GetProperty("area").GetString() == "Data");
    }

    [Fact]
    public async Task Snapshots_WrongPassphrase_ReportsWrongKey()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        _agent[CommonOptions.PassphraseVariable] = "not the passphrase";

        var run = await _agent.RunExpectingAsync(ExitCodes.Failed, "snapshots", "--repo", _repo);

        Assert.StartsWith("retrogrid-agent: RG2003 WrongKey: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Next step: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task JsonOutputs_EveryCommand_ParseAsOneDocument()
    {
        using var init = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo, "--json")).Out);
        Assert.Equal(32, init.RootElement.GetProperty("setId").GetString()!.Length);

        var backup = await _agent.RunExpectingAsync(ExitCodes.Success, "backup", "--repo", _repo, _source, "--json");
        var id = SnapshotId(backup);
        Assert.Equal(64, id.Length);

        using var snapshots = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "snapshots", "--repo", _repo, "--json")).Out);
        Assert.Equal(id, snapshots.RootElement.EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Equal(4, snapshots.RootElement[0].GetProperty("files").GetInt64());

        using var ls = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "ls", "--repo", _repo, id, "--json")).Out);
        var hello = ls.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("path").GetString() == "/data/hello.txt");
        Assert.Equal(13, hello.GetProperty("size").GetInt64());
        Assert.Equal("file", hello.GetProperty("kind").GetString());

        using var check = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "check", "--repo", _repo, "--json")).Out);
        Assert.True(check.RootElement.GetProperty("isClean").GetBoolean());

        var target = Path.Combine(_temp.Path, "restored");
        using var restore = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "restore", "--repo", _repo, id, "--target", target, "--json")).Out);
        Assert.Equal(4, restore.RootElement.GetProperty("files").GetInt64());

        using var diff = JsonDocument.Parse((await _agent.RunExpectingAsync(ExitCodes.Success, "diff", "--repo", _repo, id, "latest", "--json")).Out);
        Assert.Equal(0, diff.RootElement.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public async Task Errors_UsageAndSetState_HaveCodesAndExitCodes()
    {
        var noTarget = await _agent.RunExpectingAsync(ExitCodes.Usage, "snapshots");
        Assert.Contains("RG2050 InvalidArguments", noTarget.Error, StringComparison.Ordinal);

        var unknown = await _agent.RunExpectingAsync(ExitCodes.Usage, "frobnicate", "--json");
        using (var document = JsonDocument.Parse(unknown.Out))
        {
            Assert.Equal("RG2050", document.RootElement.GetProperty("code").GetString());
        }

        var noSet = await _agent.RunExpectingAsync(ExitCodes.Failed, "snapshots", "--repo", _repo);
        Assert.Contains("RG2053 NoBackupSet", noSet.Error, StringComparison.Ordinal);

        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        var again = await _agent.RunExpectingAsync(ExitCodes.Failed, "init", "--repo", _repo);
        Assert.Contains("RG2052 SetAlreadyExists", again.Error, StringComparison.Ordinal);

        var badSnapshot = await _agent.RunExpectingAsync(ExitCodes.Failed, "ls", "--repo", _repo, "latest");
        Assert.Contains("RG2054 SnapshotNotFound", badSnapshot.Error, StringComparison.Ordinal);

        var badSubset = await _agent.RunExpectingAsync(ExitCodes.Usage, "check", "--repo", _repo, "--read-data-subset", "150%");
        Assert.Contains("RG2050 InvalidArguments", badSubset.Error, StringComparison.Ordinal);

        _agent[CommonOptions.PassphraseVariable] = null;
        var noPassphrase = await _agent.RunExpectingAsync(ExitCodes.Failed, "snapshots", "--repo", _repo);
        Assert.Contains("RG2051 NoPassphrase", noPassphrase.Error, StringComparison.Ordinal);

        var passphraseFile = Path.Combine(_temp.Path, "passphrase");
        File.WriteAllText(passphraseFile, AgentHarness.Passphrase + "\n");
        await _agent.RunExpectingAsync(ExitCodes.Success, "snapshots", "--repo", _repo, "--passphrase-file", passphraseFile);
    }

    [Fact]
    public async Task Backup_Cancelled_ExitsWith130AndLeavesNoSnapshot()
    {
        await _agent.RunExpectingAsync(ExitCodes.Success, "init", "--repo", _repo);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = await _agent.RunAsync(cancellation.Token, "backup", "--repo", _repo, _source);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
        Assert.Contains("RG2059 Cancelled", run.Error, StringComparison.Ordinal);
        var snapshots = await _agent.RunExpectingAsync(ExitCodes.Success, "snapshots", "--repo", _repo);
        Assert.Equal("0 snapshots" + Environment.NewLine, snapshots.Out);
    }

    private static string SnapshotId(CliRun backup)
    {
        using var document = JsonDocument.Parse(backup.Out);
        return document.RootElement.GetProperty("snapshot").GetProperty("id").GetString()!;
    }
}
