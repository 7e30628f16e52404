using System.Diagnostics;
using System.Runtime.Versioning;
using RetroGrid.Core.FileSystem;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.FileSystem;

[UnsupportedOSPlatform("windows")]
public sealed class UnixFileSystemTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly UnixFileSystem _fileSystem;

    public UnixFileSystemTests()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The Unix file system seam is tested on Linux (CI's platform).");
        _fileSystem = new UnixFileSystem();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void GetMetadata_RegularFile_MatchesWhatTheBclSees()
    {
        var path = Write("data.bin", 1234);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var metadata = _fileSystem.GetMetadata(path);

        Assert.Equal(FileKind.Regular, metadata.Kind);
        Assert.Equal(1234, metadata.Size);
        Assert.Equal(0x8000u | 0x1A0u, metadata.Mode);
        Assert.Equal(0x1A0u, metadata.Permissions);
        Assert.Equal(1ul, metadata.LinkCount);
        Assert.NotEqual(0ul, metadata.Inode);
        // The BCL keeps 100 ns ticks: our nanoseconds truncated to ticks must agree with it exactly.
        Assert.Equal(File.GetLastWriteTimeUtc(path).Ticks - DateTime.UnixEpoch.Ticks, metadata.ModifiedTimeNs / 100);
        Assert.True(metadata.ChangeTimeNs > 0);
    }

    [Fact]
    public void GetMetadata_Owner_IsTheProcessUser_WithNames()
    {
        var metadata = _fileSystem.GetMetadata(Write("mine", 1));

        Assert.Equal(UnixNative.geteuid(), metadata.Uid);
        Assert.Equal(Environment.UserName, metadata.OwnerName);
        Assert.False(string.IsNullOrEmpty(metadata.GroupName));
    }

    [Fact]
    public async Task GetMetadata_HardLinks_ShareInodeAndDevice()
    {
        var original = Write("original", 10);
        var link = Path.Join(_temp.Path, "hardlink");
        using (var ln = Process.Start("ln", [original, link]))
        {
            await ln.WaitForExitAsync(TestContext.Current.CancellationToken).DefaultTimeout();
            Assert.Equal(0, ln.ExitCode);
        }

        var a = _fileSystem.GetMetadata(original);
        var b = _fileSystem.GetMetadata(link);

        Assert.Equal((a.Inode, a.Device), (b.Inode, b.Device));
        Assert.Equal(2ul, a.LinkCount);
    }

    [Fact]
    public void GetMetadata_DanglingSymlink_DescribesTheLinkItself()
    {
        var link = Path.Join(_temp.Path, "link");
        _fileSystem.CreateSymlink(link, "../nowhere/ünï");

        var metadata = _fileSystem.GetMetadata(link);

        Assert.Equal(FileKind.Symlink, metadata.Kind);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("../nowhere/ünï"), metadata.Size); // a symlink's st_size: its target's bytes
        Assert.Equal("../nowhere/ünï", _fileSystem.ReadSymlinkTarget(link));
    }

    [Fact]
    public void GetMetadata_Missing_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => _fileSystem.GetMetadata(Path.Join(_temp.Path, "missing", "x")));

    [Fact]
    public void SetModifiedTime_KeepsNanoseconds_AndDoesNotFollowSymlinks()
    {
        var target = Write("target", 1);
        var link = Path.Join(_temp.Path, "link");
        _fileSystem.CreateSymlink(link, "target");
        const long When = 1_700_000_000_123_456_789;

        _fileSystem.SetModifiedTime(target, When);
        _fileSystem.SetModifiedTime(link, When - 1_000_000_000_000);

        Assert.Equal(When, _fileSystem.GetMetadata(target).ModifiedTimeNs);
        Assert.Equal(When - 1_000_000_000_000, _fileSystem.GetMetadata(link).ModifiedTimeNs);
    }

    [Fact]
    public void SetModifiedTime_BeforeTheEpoch_RoundTrips()
    {
        var path = Write("old", 1);
        const long When = -1_500_000_001; // 1969-12-31T23:59:58.499999999Z

        _fileSystem.SetModifiedTime(path, When);

        Assert.Equal(When, _fileSystem.GetMetadata(path).ModifiedTimeNs);
    }

    [Theory]
    [InlineData(0x1EDu)] // 0755
    [InlineData(0x9EDu)] // 04755: setuid kept
    [InlineData(0x3FFu)] // 01777: sticky kept
    public void SetPermissions_RoundTrips(uint mode)
    {
        var path = Write("f", 1);

        _fileSystem.SetPermissions(path, mode);

        Assert.Equal(mode, _fileSystem.GetMetadata(path).Permissions);
    }

    [Fact]
    public void TrySetOwner_AsRoot_Chowns_OtherwiseSkips()
    {
        var path = Write("owned", 1);

        var changed = _fileSystem.TrySetOwner(path, 1234, 5678);

        var metadata = _fileSystem.GetMetadata(path);
        if (UnixNative.geteuid() == 0)
        {
            Assert.True(changed);
            Assert.Equal((1234u, 5678u), (metadata.Uid, metadata.Gid));
        }
        else
        {
            Assert.False(changed);
            Assert.Equal(UnixNative.geteuid(), metadata.Uid);
        }
    }

    [Fact]
    public void ExtendedAttributes_RoundTrip_SortedByName()
    {
        var path = Write("tagged", 1);
        byte[] binary = [0, 1, 2, 255];
        var supported = _fileSystem.TrySetExtendedAttribute(path, new ExtendedAttribute("user.zeta", binary));
        Assert.SkipUnless(supported, "The temp file system does not support user extended attributes.");
        Assert.True(_fileSystem.TrySetExtendedAttribute(path, new ExtendedAttribute("user.alpha", "héllo"u8.ToArray())));
        Assert.True(_fileSystem.TrySetExtendedAttribute(path, new ExtendedAttribute("user.empty", [])));

        var attributes = _fileSystem.GetExtendedAttributes(path).Where(a => a.Name.StartsWith("user.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["user.alpha", "user.empty", "user.zeta"], attributes.Select(a => a.Name));
        Assert.Equal("héllo"u8.ToArray(), attributes[0].Value);
        Assert.Empty(attributes[1].Value);
        Assert.Equal(binary, attributes[2].Value);
    }

    [Fact]
    public void GetExtendedAttributes_NoneSet_IsEmpty() =>
        Assert.DoesNotContain(_fileSystem.GetExtendedAttributes(Write("plain", 1)), a => a.Name.StartsWith("user.", StringComparison.Ordinal));

    private string Write(string name, int length)
    {
        var path = Path.Join(_temp.Path, name);
        File.WriteAllBytes(path, new byte[length]);
        return path;
    }
}
