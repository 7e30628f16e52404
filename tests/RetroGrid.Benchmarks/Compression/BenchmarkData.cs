using System.Text;

namespace RetroGrid.Benchmarks.Compression;

/// <summary>Deterministic 1 MiB inputs: text-like (a skewed vocabulary, compresses like source code or logs) and random.</summary>
internal static class BenchmarkData
{
    private static readonly string[] Words =
    [
        "the", "backup", "file", "chunk", "public", "static", "void", "return", "var", "int", "string", "namespace",
        "error", "warning", "info", "2026-12-04T20:18:00Z", "request", "response", "{", "}", "(", ")", ";", "=",
        "customer", "invoice", "total", "amount", "retro", "grid", "dropbox", "snapshot", "tree", "blob", "pack",
    ];

    public static byte[] Create(string kind, int size)
    {
        var random = new Random(7);
        if (kind == "random")
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return bytes;
        }

        var text = new StringBuilder(size + 64);
        while (text.Length < size)
        {
            // Squaring the uniform draw skews towards the first words, like natural text.
            var index = (int)(Math.Pow(random.NextDouble(), 2) * Words.Length);
            text.Append(Words[index]).Append(random.Next(12) == 0 ? '\n' : ' ');
            if (random.Next(20) == 0)
            {
                text.Append(random.Next(1_000_000));
            }
        }

        return Encoding.ASCII.GetBytes(text.ToString())[..size];
    }
}
