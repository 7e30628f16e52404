using MessagePack;

namespace RetroGrid.Core.Crypto;

/// <summary>
/// The cost of deriving a key from a passphrase, stored in the key file so it can be raised for new files without
/// breaking old ones. Values read from a file are bounded (<see cref="FindProblem"/>), so a tampered file cannot make
/// an unwrap allocate gigabytes or run for hours.
/// </summary>
[MessagePackObject]
public sealed record KdfParameters(
    [property: Key(0)] KdfAlgorithm Algorithm,
    [property: Key(1)] int MemoryKiB,
    [property: Key(2)] int Iterations,
    [property: Key(3)] int Parallelism)
{
    /// <summary>1 GiB: what a restore on a modest workstation can spare for a moment.</summary>
    public const int MaxMemoryKiB = 1024 * 1024;

    public const int MaxIterations = 64;

    /// <summary>
    /// Argon2id, 64 MiB, 3 passes, 1 lane (libsodium computes one lane only): RFC 9106's second recommended option, the
    /// one it gives for memory-constrained machines. Measured here at 0.14 s (128 MiB took 0.47–0.55 s, 256 MiB 1.2 s).
    /// 128 MiB was the first choice, but every command opening a set paid it in peak memory (the agent's whole backup
    /// pipeline needs less) and in start-up time; older sets keep the parameters stored in their key files.
    /// </summary>
    public static KdfParameters Default { get; } = new(KdfAlgorithm.Argon2id, 64 * 1024, 3, 1);

    /// <summary>A description of what is out of bounds, or null when the parameters may be used.</summary>
    internal string? FindProblem() =>
        Algorithm != KdfAlgorithm.Argon2id ? $"unknown key-derivation algorithm {(int)Algorithm}."
        : MemoryKiB is < 8 or > MaxMemoryKiB ? $"Argon2id memory {MemoryKiB} KiB is outside 8..{MaxMemoryKiB}."
        : Iterations is < 1 or > MaxIterations ? $"Argon2id iterations {Iterations} is outside 1..{MaxIterations}."
        : Parallelism != 1 ? $"Argon2id parallelism {Parallelism} is not supported (only 1)."
        : null;
}
