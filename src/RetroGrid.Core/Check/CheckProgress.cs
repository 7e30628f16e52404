namespace RetroGrid.Core.Check;

/// <summary>How far a check has got: the phase, and items done out of the phase's total (0 when unknown).</summary>
public readonly record struct CheckProgress(CheckArea Phase, long Done, long Total, long BytesRead);
