namespace RetroGrid.Core.FileSystem;

/// <summary>One extended attribute: its full name (with namespace, e.g. <c>user.comment</c>) and raw value.</summary>
internal sealed record ExtendedAttribute(string Name, byte[] Value);
