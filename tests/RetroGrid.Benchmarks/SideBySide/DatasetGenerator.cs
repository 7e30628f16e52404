using System.Globalization;
using System.Text;

namespace RetroGrid.Benchmarks.SideBySide;

/// <summary>
/// Writes the side-by-side data set: many small files in nested folders plus a few large ones, part
/// compressible (text-like) and part random, all from a fixed seed so every tool sees the same bytes; and changes
/// a given share of it in place for the "re-backup after a change" step.
/// </summary>
internal static class DatasetGenerator
{
    private const int Seed = 20261204;

    private static readonly string[] Words =
        "backup restore dropbox snapshot chunk pack index tree blob agent controller catalog groom verify rebuild recycle token session commit upload"
            .Split(' ');

    public static int Run(string[] args)
    {
        if (args.Length == 4 && args[0] == "generate")
        {
            Generate(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
            return 0;
        }

        if (args.Length == 3 && args[0] == "many")
        {
            GenerateMany(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        if (args.Length == 3 && args[0] == "mutate")
        {
            Mutate(args[1], double.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        Console.Error.WriteLine("Usage: dataset generate DIR SMALL_FILES LARGE_MIB | dataset many DIR FILES | dataset mutate DIR PERCENT");
        return 2;
    }

    /// <summary><paramref name="smallFiles"/> files of 1–32 KiB in 100 folders of nested pairs, plus 256 MiB files adding up to <paramref name="largeMiB"/>.</summary>
    private static void Generate(string root, int smallFiles, int largeMiB)
    {
        var random = new Random(Seed);
        for (var i = 0; i < smallFiles; i++)
        {
            var folder = Path.Combine(root, "small", $"d{i % 10:00}", $"e{i / 10 % 10:00}");
            Directory.CreateDirectory(folder);
            var content = new byte[random.Next(1024, 32 * 1024)];
            Fill(random, content, compressible: i % 2 == 0);
            File.WriteAllBytes(Path.Combine(folder, $"f{i:000000}.dat"), content);
        }

        var large = Path.Combine(root, "large");
        Directory.CreateDirectory(large);
        var buffer = new byte[4 << 20];
        for (var file = 0; file * 256 < largeMiB; file++)
        {
            using var stream = File.Create(Path.Combine(large, $"large{file:00}.bin"));
            for (var written = 0; written < Math.Min(256, largeMiB - (file * 256)); written += 4)
            {
                Fill(random, buffer, compressible: file % 2 == 0);
                stream.Write(buffer);
            }
        }
    }

    /// <summary>
    /// <paramref name="files"/> tiny files (a few distinct bytes each) in folders of 1,000: the memory test, where the
    /// number of files, not their bytes, is what grows.
    /// </summary>
    private static void GenerateMany(string root, int files)
    {
        for (var i = 0; i < files; i++)
        {
            var folder = Path.Combine(root, $"d{i / 1000:0000}");
            if (i % 1000 == 0)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(Path.Combine(folder, $"f{i:0000000}.txt"), $"file {i}\n");
        }
    }

    /// <summary>Rewrites about <paramref name="percent"/> % of the bytes: whole small files and 4 MiB runs inside large ones.</summary>
    private static void Mutate(string root, double percent)
    {
        var random = new Random(Seed + 1);
        var share = percent / 100;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var length = new FileInfo(path).Length;
            if (length <= 32 * 1024)
            {
                if (random.NextDouble() < share)
                {
                    var content = new byte[length];
                    Fill(random, content, compressible: true);
                    File.WriteAllBytes(path, content);
                }

                continue;
            }

            using var stream = File.OpenWrite(path);
            var run = new byte[4 << 20];
            for (long offset = 0; offset + run.Length <= length; offset += run.Length)
            {
                if (random.NextDouble() < share)
                {
                    Fill(random, run, compressible: false);
                    stream.Position = offset;
                    stream.Write(run);
                }
            }
        }
    }

    private static void Fill(Random random, byte[] buffer, bool compressible)
    {
        if (!compressible)
        {
            random.NextBytes(buffer);
            return;
        }

        var text = new StringBuilder(buffer.Length);
        while (text.Length < buffer.Length)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(random.Next(10) == 0 ? '\n' : ' ');
            text.Append(random.Next(100_000).ToString(CultureInfo.InvariantCulture)).Append(' ');
        }

        Encoding.ASCII.GetBytes(text.ToString(0, buffer.Length), buffer);
    }
}
