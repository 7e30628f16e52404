using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Faults;

/// <summary>
/// Dropbox's per-namespace write lock: at most <c>WriteConcurrency</c> commits run at once; a commit that finds
/// every slot taken does not wait but gets 429 too_many_write_operations (no retry_after in the body,
/// <c>Retry-After: 1</c>), as Dropbox answers lock contention.
/// </summary>
internal sealed class WriteLock
{
    private readonly int _slots;
    private int _held;

    public WriteLock(int slots)
    {
        _slots = Math.Max(1, slots);
    }

    public int Held => Volatile.Read(ref _held);

    /// <summary>Takes a slot or throws the 429; dispose the result to release it.</summary>
    public Releaser Enter()
    {
        if (!TryEnter())
        {
            throw ApiErrorException.RateLimited("too_many_write_operations", bodyRetryAfter: false);
        }

        return new Releaser(this);
    }

    public bool TryEnter()
    {
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (held >= _slots)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + 1, held) == held)
            {
                return true;
            }
        }
    }

    public void Exit() => Interlocked.Decrement(ref _held);

    /// <summary>Releases one slot on dispose.</summary>
    public readonly struct Releaser(WriteLock owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}
