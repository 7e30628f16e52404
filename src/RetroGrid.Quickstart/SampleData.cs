namespace RetroGrid.Quickstart;

/// <summary>A small workstation-like folder: documents, a photo-sized random file, nested folders, an empty file.</summary>
internal static class SampleData
{
    public static string Write(string root)
    {
        var random = new Random(20261204);
        Directory.CreateDirectory(Path.Join(root, "Documents", "Reports 2026"));
        Directory.CreateDirectory(Path.Join(root, "Pictures"));
        for (var i = 0; i < 40; i++)
        {
            var lines = Enumerable.Range(0, 200).Select(n => $"Report {i}, line {n}: backup sets, catalogs, grooming and rebuild.");
            File.WriteAllLines(Path.Join(root, "Documents", "Reports 2026", $"report-{i:00}.txt"), lines);
        }

        var photo = new byte[6 * 1024 * 1024];
        random.NextBytes(photo);
        File.WriteAllBytes(Path.Join(root, "Pictures", "holiday.raw"), photo);
        File.WriteAllText(Path.Join(root, "Documents", "naïve résumé.txt"), "Unicode names survive the round trip.\n");
        File.WriteAllBytes(Path.Join(root, "Documents", "empty.txt"), []);
        return root;
    }
}
