using System.Xml.Linq;

namespace RetroGrid.Deploy.Tests;

/// <summary>What a deploy file needs to know of a project: the assembly it builds, its SDK and what it references.</summary>
internal sealed record DotnetProject(string Path, string AssemblyName, string Sdk, IReadOnlyList<string> References)
{
    public static DotnetProject Load(string path)
    {
        var project = XDocument.Load(path).Root!;
        var directory = System.IO.Path.GetDirectoryName(path)!;
        return new DotnetProject(
            path,
            project.Descendants("AssemblyName").Select(e => e.Value).LastOrDefault() ?? System.IO.Path.GetFileNameWithoutExtension(path),
            (string?)project.Attribute("Sdk") ?? string.Empty,
            [.. project.Descendants("ProjectReference").Select(r => System.IO.Path.GetFullPath(System.IO.Path.Join(directory, (string)r.Attribute("Include")!)))]);
    }

    /// <summary>Whether it, or a project it references however indirectly, needs ASP.NET Core (the aspnet image).</summary>
    public bool NeedsAspNetCore() =>
        Sdk == "Microsoft.NET.Sdk.Web"
        || XDocument.Load(Path).Descendants("FrameworkReference").Any(f => (string?)f.Attribute("Include") == "Microsoft.AspNetCore.App")
        || References.Any(r => Load(r).NeedsAspNetCore());
}
