namespace RetroGrid.Core.Formats;

/// <summary>
/// A decoded object checks its own invariants: MessagePack accepts nil for any reference and any number for an enum,
/// so structural decoding alone does not make hostile input safe to use.
/// </summary>
internal interface IFormatObject
{
    /// <summary>A description of the first broken invariant, or null when the object is well-formed.</summary>
    string? FindProblem();
}
