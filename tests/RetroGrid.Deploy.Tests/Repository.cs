using System.Reflection;

namespace RetroGrid.Deploy.Tests;

/// <summary>The repository these tests were built from: its files are read in place.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>A path inside the repository, from its '/'-separated relative form.</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Join(Root, relative));
}
