using System.Text;

namespace RetroGrid.Dropbox.Emulator.Tests;

/// <summary>Deterministic payloads and the Dropbox content-hash test vectors of reference §7.</summary>
internal static class TestData
{
    public const int Block = 4 * 1024 * 1024;
    public const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string AbcHash = "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358";

    public static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
