using RetroGrid.Core.Crypto;

namespace RetroGrid.Core.Hashing;

/// <summary>The blob id hash of the format, chosen by measurement (tests/RetroGrid.Benchmarks/Hashing).</summary>
public static class BlobIdHashers
{
    /// <summary>
    /// Keyed BLAKE3 under <see cref="SetKeys.Id"/>. Measured here (tests/RetroGrid.Benchmarks/Hashing), one core:
    /// 1 MiB in 272–296 µs against HMAC-SHA-256's 594–623 µs (about 2.1×, even with SHA-NI), 64 KiB in 30 µs against
    /// 38 µs. One of three runs had BLAKE3 slower at 64 KiB, inside that run's noise; at the 1 MiB average chunk,
    /// which carries almost all the bytes, every run had it at least 2× faster but the first (1.1×, a build was running).
    /// Changing this changes every blob id, so it is part of the format version.
    /// </summary>
    public static IBlobIdHasher Create(SetKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new Blake3BlobIdHasher(keys.Id);
    }
}
