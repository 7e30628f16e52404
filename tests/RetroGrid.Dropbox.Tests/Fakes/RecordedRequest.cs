using System.Text;

namespace RetroGrid.Dropbox.Tests;

public sealed record RecordedRequest(Uri Uri, string? BearerToken, string? ApiArg, string? ContentType, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
