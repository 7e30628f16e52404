using System.Net;
using System.Text.RegularExpressions;
using RetroGrid.Rgctl;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// The person running <c>rgctl set link</c>: their browser (which the emulator auto-approves, as a signed-in Dropbox
/// session would) and the keyboard they paste the code with. If rgctl opened no browser, they open the address rgctl
/// printed themselves. Synchronous HTTP, because rgctl asks for the browser and reads stdin synchronously.
/// </summary>
internal sealed partial class RgctlDropboxUser(HttpClient dropbox, RgctlOutput stdout, bool browserStarts = true) : TextReader, IBrowserLauncher
{
    private string? _code;

    /// <summary>The addresses rgctl asked the browser to open.</summary>
    public List<string> Opened { get; } = [];

    public bool TryOpen(string url)
    {
        Opened.Add(url);
        if (!browserStarts)
        {
            return false;
        }

        _code = Approve(url);
        return true;
    }

    public override string? ReadLine() => _code ??= Approve(PrintedUrl(stdout.ToString()));

    /// <summary>The address on the line after rgctl's "Open this address" line.</summary>
    public static string PrintedUrl(string output) => PrintedUrlLine().Match(output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"rgctl printed no address:\n{output}");

    private string Approve(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = dropbox.Send(request);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return WebUtility.HtmlDecode(ShownCode().Match(reader.ReadToEnd()).Groups[1].Value);
    }

    [GeneratedRegex("<code id=\"auth-code\">([^<]+)</code>")]
    private static partial Regex ShownCode();

    [GeneratedRegex("Open this address in a browser.*\n  (\\S+)\n")]
    private static partial Regex PrintedUrlLine();
}
