namespace RetroGrid.Benchmarks;

/// <summary>Where the Release build of another RetroGrid program is, next to this benchmark in artifacts/.</summary>
internal static class BuildOutput
{
    public static string Find(string project, string assembly, string projectPath)
    {
        // The working directory too: a benchmark built with -p:ArtifactsPath=/elsewhere still finds the program when
        // it is started from inside the repository.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "RetroGrid.sln")))
                {
                    var path = Path.Combine(directory.FullName, "artifacts", "bin", project, "release", assembly);
                    return File.Exists(path) ? path : throw new FileNotFoundException($"Build it first: dotnet build -c Release {projectPath}", path);
                }
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the RetroGrid repository.");
    }
}
