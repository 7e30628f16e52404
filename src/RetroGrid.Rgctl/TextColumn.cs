namespace RetroGrid.Rgctl;

/// <summary>
/// A column of a <see cref="TextTable"/>: its header, right-aligned (numbers) or not, and whether it may be shortened
/// to fit a narrow terminal (free text such as paths; ids and times are kept whole so they can be copied).
/// </summary>
internal readonly record struct TextColumn(string Header, bool AlignRight = false, bool Shrinkable = false);
