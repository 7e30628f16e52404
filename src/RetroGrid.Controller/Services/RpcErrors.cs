using System.Text;
using Grpc.Core;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Services;

/// <summary>gRPC failures carrying a RetroGrid code and next step in the trailers (see the header of proto/retrogrid/v1/agent.proto).</summary>
internal static class RpcErrors
{
    public const string CodeTrailer = "retrogrid-error-code";
    public const string NextStepTrailer = "retrogrid-next-step";

    public static RpcException Create(StatusCode status, RetroGridErrorCode code) =>
        new(new Status(status, code.Message), new Metadata { { CodeTrailer, code.Code }, { NextStepTrailer, Ascii(code.NextStep) } });

    /// <summary>HTTP/2 header values must be printable ASCII: typographic punctuation is spelled plainly, anything else becomes '?'.</summary>
    internal static string Ascii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                >= ' ' and <= '~' => ascii.Append(c),
                '\u2026' => ascii.Append("..."),
                '\u2018' or '\u2019' => ascii.Append('\''),
                '\u201C' or '\u201D' => ascii.Append('"'),
                '\u2013' or '\u2014' or '\u2212' => ascii.Append('-'),
                _ => ascii.Append('?'),
            };
        }

        return ascii.ToString();
    }
}
